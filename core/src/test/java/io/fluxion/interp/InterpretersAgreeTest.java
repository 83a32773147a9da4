package io.fluxion.interp;

import static io.fluxion.interp.Approx.assertClose;
import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Linearise;
import io.fluxion.op.Structure;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compiled programs (simplified and fused), plain linearised programs, the tape and the direct
 * evaluator give the same values and gradients on random inputs.
 */
class InterpretersAgreeTest {
    private final Var x = Var.of("X", Shape.matrix(4, 3));
    private final Var w = Var.of("W", Shape.matrix(3, 3));
    private final Var b = Var.of("b", Shape.vector(3));
    private final Var labels = Var.of("labels", Shape.vector(4));

    private Bindings bindings(long seed) {
        Random r = new Random(seed);
        double[] l = new double[4];
        for (int i = 0; i < 4; i++) {
            l[i] = r.nextInt(3);
        }
        return Bindings.of(x, uniform(r, x.shape(), -2, 2)).and(w, uniform(r, w.shape(), -1, 1))
                .and(b, uniform(r, b.shape(), -1, 1)).and(labels, Tensor.vector(l));
    }

    /** Softmax regression: mean cross-entropy of logits X W + b against one-hot labels. */
    private Expr crossEntropy() {
        Expr logits = x.matmul(w).plus(b);
        return logits.logSoftmax().times(labels.oneHot(3)).sum(1).mean().negate();
    }

    /** A small network with slicing, concatenation, max, where and a product with a transpose. */
    private Expr network() {
        Expr h = x.matmul(w).plus(b).tanh();
        Expr z = Structure.concat(1, List.of(h.slice(1, 0, 1).sigmoid(), h.slice(1, 1, 3).square()));
        Expr chosen = z.gt(Const.of(0.3)).select(z, z.exp());
        return z.max(1).sum().plus(chosen.mean(0).sum()).plus(x.transpose().matmul(h).sum().times(0.1));
    }

    /** Rewrites for the simplifier to find: multiply by one, add zero, double negation, constant chains. */
    private Expr simplifiable() {
        Expr s = x.times(Const.of(1)).plus(Const.of(0)).negate().negate().times(Const.of(2)).times(Const.of(3));
        return s.minus(Const.of(-2)).pow(Const.of(1)).matmul(w.transpose().transpose()).sin().sum()
                .plus(b.pow(Const.of(0)).sum());
    }

    private void agree(Expr y) {
        List<Expr> grads = Reverse.gradients(y, List.of(w, b));
        // ψ = ⟨∂y/∂W, W⟩: its gradient is a second derivative.
        Expr psi = grads.head().times(w).sum();
        List<Expr> outputs = List.of(y, grads.get(0), grads.get(1), Reverse.gradients(psi, List.of(w)).head());
        Program compiled = Compile.compile(outputs);
        Program plain = Linearise.linearise(outputs);
        for (long seed = 1; seed <= 3; seed++) {
            Bindings at = bindings(seed);
            List<Tensor> expected = Evaluate.evaluate(outputs, at);
            List<Tensor> c = compiled.run(at);
            List<Tensor> p = plain.run(at);
            assertEquals(outputs.size(), c.size());
            for (int i = 0; i < outputs.size(); i++) {
                assertClose(expected.get(i), c.get(i), "compiled output " + i + " seed " + seed);
                assertClose(expected.get(i), p.get(i), 0, 0, "linearised output " + i + " seed " + seed);
            }
            Tape t = Tape.record(y, at);
            assertClose(expected.get(0), t.value(), 0, 0, "tape value");
            List<Tensor> tg = t.gradients(List.of(w, b));
            assertClose(expected.get(1), tg.get(0), 0, 0, "tape gradient W");
            assertClose(expected.get(2), tg.get(1), 0, 0, "tape gradient b");
            assertClose(expected.get(0), Evaluate.evaluate(Simplify.simplify(y), at), "simplified value");
        }
    }

    @Test
    void crossEntropyAndItsGradients() {
        agree(crossEntropy());
    }

    @Test
    void networkWithStructureAndItsGradients() {
        agree(network());
    }

    @Test
    void simplifiableExpressionAndItsGradients() {
        agree(simplifiable());
    }

    @Test
    void compiledProgramIsSmallerAfterSimplification() {
        List<Expr> out = List.of(simplifiable());
        assertEquals(true, Compile.compile(out).size() < Linearise.linearise(out).size(),
                () -> Compile.compile(out).listing());
    }
}
