package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.FiniteDifferences;
import io.fluxion.interp.Forward;
import io.fluxion.interp.Reverse;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The primitives compile shares the softmax through have the values and the derivatives, to
 * second order and in both modes, of what they replace: the cross-entropy read from the softmax
 * those of the cross-entropy (its softmax argument standing for a function of the logits), and
 * the VJP read from the softmax its own, in both arguments.
 */
class SharedSoftmaxRulesTest {
    private static final Shape M = Shape.matrix(3, 4);
    private final Random random = new Random(5);
    private final Var z = Var.of("z", M);
    private final Var y = Var.of("y", M);
    private final Tensor w = random(Shape.vector(3), -2, 2);
    private final Tensor z0 = random(M, -3, 3);
    private final Tensor y0 = random(M, 0, 1);
    private final Bindings at = Bindings.of(z, z0).and(y, y0);

    @Test
    void theLossFromTheSoftmaxHasTheCrossEntropysValueAndDerivatives() {
        Expr shared = Apply.of(new Activation.SoftmaxCrossEntropyOfSoftmax(1), z, z.softmax(1), y)
                .times(new Const(w)).sum();
        Expr plain = Activation.softmaxCrossEntropy(z, y, 1).times(new Const(w)).sum();
        assertEquals(Evaluate.evaluate(plain, at).item(), Evaluate.evaluate(shared, at).item(), 1e-14);
        for (Var u : List.of(z, y)) {
            Tensor v = random(M, -1, 1);
            Tensor grad = Evaluate.evaluate(Reverse.gradients(shared, List.of(u)).head(), at);
            double fd = difference(shared, u, v).item();
            assertEquals(fd, dot(grad, v), 1e-7, "reverse in " + u.name());
            assertEquals(fd, Evaluate.evaluate(Forward.jvp(shared, HashMap.of(u, new Const(v))), at).item(), 1e-7,
                    "forward in " + u.name());
            assertClose(Evaluate.evaluate(Reverse.gradients(plain, List.of(u)).head(), at), grad, 1e-14);
        }
        Expr dz = Reverse.gradients(shared, List.of(z)).head();
        Tensor v = random(M, -1, 1);
        Tensor fd = difference(dz, z, v);
        assertClose(fd, Evaluate.evaluate(Reverse.gradients(dz.times(new Const(v)).sum(), List.of(z)).head(), at), 1e-7);
        assertClose(fd, Evaluate.evaluate(Forward.jvp(dz, HashMap.of(z, new Const(v))), at), 1e-7);
    }

    @Test
    void derivativesDoNotFlowThroughTheSoftmaxArgument() {
        Apply node = Apply.of(new Activation.SoftmaxCrossEntropyOfSoftmax(1), z, z.softmax(1), y);
        assertTrue(node.op().differentiable(0) && !node.op().differentiable(1) && node.op().differentiable(2));
    }

    @Test
    void theVjpFromTheSoftmaxHasItsOwnDerivativesInBothArguments() {
        Var p = Var.of("p", M);
        Var g = Var.of("g", M);
        Tensor weights = random(M, -2, 2);
        Expr h = Apply.of(new Activation.LogSoftmaxVjpOfSoftmax(1), p, g).times(new Const(weights)).sum();
        Bindings b = Bindings.of(p, random(M, 0.05, 1)).and(g, random(M, -1, 1));
        for (Var u : List.of(p, g)) {
            Tensor v = random(M, -1, 1);
            Tensor grad = Evaluate.evaluate(Reverse.gradients(h, List.of(u)).head(), b);
            double fd = difference(h, u, v, b).item();
            assertEquals(fd, dot(grad, v), 1e-7, "reverse in " + u.name());
            assertEquals(fd, Evaluate.evaluate(Forward.jvp(h, HashMap.of(u, new Const(v))), b).item(), 1e-7,
                    "forward in " + u.name());
        }
        // Through a softmax, the VJP from the logits: the same values and derivatives to second order.
        Expr viaSoftmax = Apply.of(new Activation.LogSoftmaxVjpOfSoftmax(1), z.softmax(1), y);
        Expr fromLogits = Apply.of(new Activation.LogSoftmaxVjpOfLogits(1), z, y);
        assertClose(Evaluate.evaluate(fromLogits, at), Evaluate.evaluate(viaSoftmax, at), 0);
        Expr second = Reverse.gradients(viaSoftmax.times(new Const(weights)).sum(), List.of(z)).head();
        Tensor v = random(M, -1, 1);
        Tensor fd = difference(second, z, v);
        assertClose(fd, Evaluate.evaluate(Reverse.gradients(second.times(new Const(v)).sum(), List.of(z)).head(), at),
                1e-7);
        assertClose(fd, Evaluate.evaluate(Forward.jvp(second, HashMap.of(z, new Const(v))), at), 1e-7);
    }

    private Tensor difference(Expr e, Var u, Tensor v) {
        return difference(e, u, v, at);
    }

    /** The central difference of e along v in u, the other variables as b binds them. */
    private static Tensor difference(Expr e, Var u, Tensor v, Bindings b) {
        return FiniteDifferences.directional(x -> Evaluate.evaluate(e, b.and(u, x.head())), List.of(b.get(u).get()),
                List.of(v));
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.shape().size(); i++) {
            s += a.toArray()[i] * b.toArray()[i];
        }
        return s;
    }

    private static void assertClose(Tensor expected, Tensor actual, double tolerance) {
        assertTrue(expected.closeTo(actual, tolerance), "expected " + expected + ", got " + actual);
    }

    private Tensor random(Shape s, double lo, double hi) {
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * random.nextDouble();
        }
        return Tensor.of(s, d);
    }
}
