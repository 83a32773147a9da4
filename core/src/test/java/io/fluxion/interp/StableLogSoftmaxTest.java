package io.fluxion.interp;

import static io.fluxion.interp.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.op.Activation;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's cross-entropy, {@code mean(-sum(y * log(softmax(z)), 1))}, written with log and
 * softmax, has finite gradients equal to (softmax(z) - y) / n where the naive formula gives NaN.
 */
class StableLogSoftmaxTest {
    private final Var z = Var.of("z", Shape.of(2, 3));
    private final Tensor y = Tensor.of(new double[][] {{1, 0, 0}, {0, 1, 0}});
    private final Tensor logits = Tensor.of(new double[][] {{0, 800, 0}, {0, 800, 0}});
    private final Expr loss = z.softmax().log().times(new Const(y)).sum(1).negate().mean();

    private Tensor expected() {
        double[] g = new double[6];
        for (int i = 0; i < 2; i++) {
            double[] row = {0, 800, 0};
            double max = 800;
            double sum = 0;
            for (double v : row) {
                sum += Math.exp(v - max);
            }
            for (int j = 0; j < 3; j++) {
                g[i * 3 + j] = (Math.exp(row[j] - max) / sum - y.get(i, j)) / 2;
            }
        }
        return Tensor.of(Shape.of(2, 3), g);
    }

    @Test
    void logOfSoftmaxIsBuiltAsLogSoftmax() {
        Expr e = z.softmax().log();
        assertTrue(e instanceof Apply a && a.op() instanceof Activation.LogSoftmax, e.toString());
    }

    @Test
    void gradientsAreFiniteAndEqualSoftmaxMinusTargetsInEveryInterpreter() {
        Bindings at = Bindings.of(z, logits);
        Expr g = Reverse.gradients(loss, List.of(z)).head();
        assertClose(expected(), Evaluate.evaluate(g, at), "reverse, evaluated");
        assertClose(expected(), Tape.record(loss, at).gradient(z), "tape");
        assertClose(expected(), Compile.compile(List.of(g)).run(at).head(), "compiled");
        assertTrue(Double.isFinite(Evaluate.evaluate(loss, at).item()));
    }

    @Test
    void compileFusesTheCrossEntropyIntoOneKernelWithTheSameValue() {
        Bindings at = Bindings.of(z, Tensor.of(new double[][] {{0.5, -1, 2}, {3, 0.25, -0.5}}));
        Program p = Compile.compile(List.of(loss));
        assertTrue(p.listing().contains("softmaxCrossEntropy"), p.listing());
        assertClose(Evaluate.evaluate(loss, at), p.run(at).head(), "fused vs evaluated");
        Expr fused = Activation.softmaxCrossEntropy(z, new Const(y), 1).mean();
        Expr g = Reverse.gradients(fused, List.of(z)).head();
        assertClose(Evaluate.evaluate(Reverse.gradients(loss, List.of(z)).head(), at), Evaluate.evaluate(g, at),
                "gradient of the fused primitive");
    }
}
