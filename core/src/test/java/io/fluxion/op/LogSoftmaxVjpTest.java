package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.FiniteDifferences;
import io.fluxion.interp.Forward;
import io.fluxion.interp.Program;
import io.fluxion.interp.Reverse;
import io.fluxion.interp.Substitute;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The VJP of log-softmax is a primitive of its own: its value and its derivatives, to second order. */
class LogSoftmaxVjpTest {
    private static final Shape M = Shape.matrix(3, 4);
    private final Random random = new Random(11);
    private final Var x = Var.of("x", M);
    private final Tensor w = random(M);
    private final Tensor at = random(M);
    /** f(x) = Σ w ⊙ logSoftmax(x); its gradient is w - softmax(x) · Σ_row w. */
    private final Expr f = x.logSoftmax().times(new Const(w)).sum();
    private final Expr df = Reverse.gradients(f, List.of(x)).head();

    @Test
    void theGradientUsesThePrimitiveAndHasTheKnownValue() {
        assertTrue(df instanceof Apply a && a.op() instanceof Activation.LogSoftmaxVjp, df.toString());
        Tensor g = Evaluate.evaluate(df, Bindings.of(x, at));
        Tensor compiled = Compile.compile(List.of(df)).run(Bindings.of(x, at)).head();
        for (int i = 0; i < M.dim(0); i++) {
            double max = Double.NEGATIVE_INFINITY;
            double rowW = 0;
            for (int j = 0; j < M.dim(1); j++) {
                max = Math.max(max, at.get(i, j));
                rowW += w.get(i, j);
            }
            double sum = 0;
            for (int j = 0; j < M.dim(1); j++) {
                sum += Math.exp(at.get(i, j) - max);
            }
            for (int j = 0; j < M.dim(1); j++) {
                double expected = w.get(i, j) - Math.exp(at.get(i, j) - max) / sum * rowW;
                assertEquals(expected, g.get(i, j), 1e-12);
                assertEquals(expected, compiled.get(i, j), 1e-12);
            }
        }
    }

    @Test
    void secondOrderInBothModesMatchesFiniteDifferencesOfTheGradient() {
        Tensor v = random(M);
        Tensor reverse = Evaluate.evaluate(
                Reverse.gradients(df.times(new Const(v)).sum(), List.of(x)).head(), Bindings.of(x, at));
        Tensor forward = Evaluate.evaluate(Forward.jvp(df, HashMap.of(x, new Const(v))), Bindings.of(x, at));
        Tensor fd = centralDifference(df, x, at, v);
        assertClose(fd, reverse, 1e-7);
        assertClose(fd, forward, 1e-7);
    }

    @Test
    void derivativesInTheCotangentMatchFiniteDifferences() {
        Var g = Var.of("g", M);
        Expr y = new Const(Evaluate.evaluate(x.logSoftmax(), Bindings.of(x, at)));
        Expr h = Apply.of(new Activation.LogSoftmaxVjp(1), y, g).times(new Const(w)).sum();
        Tensor g0 = random(M);
        Tensor grad = Evaluate.evaluate(Reverse.gradients(h, List.of(g)).head(), Bindings.of(g, g0));
        Tensor v = random(M);
        double directional = 0;
        for (int i = 0; i < M.dim(0); i++) {
            for (int j = 0; j < M.dim(1); j++) {
                directional += grad.get(i, j) * v.get(i, j);
            }
        }
        double fd = centralDifference(h, g, g0, v).item();
        assertEquals(fd, directional, 1e-7);
        Tensor jvp = Evaluate.evaluate(Forward.jvp(h, HashMap.of(g, new Const(v))), Bindings.of(g, g0));
        assertEquals(fd, jvp.item(), 1e-7);
    }

    @Test
    void compileComputesTheGradientFromTheLogitsWithoutALogSoftmaxPass() {
        Program p = Compile.compile(List.of(df));
        assertTrue(p.listing().contains("logSoftmaxVjpOfLogits[axis=1] v"), p.listing());
        assertTrue(!p.listing().contains("logSoftmax["), p.listing());
    }

    @Test
    void theVjpFromLogitsHasTheValueAndDerivativesOfTheTwoPrimitivesItReplaces() {
        Var g = Var.of("g", M);
        Expr fused = Apply.of(new Activation.LogSoftmaxVjpOfLogits(1), x, g);
        Expr unfused = Apply.of(new Activation.LogSoftmaxVjp(1), x.logSoftmax(), g);
        Tensor g0 = random(M);
        Bindings b = Bindings.of(x, at).and(g, g0);
        assertClose(Evaluate.evaluate(unfused, b), Evaluate.evaluate(fused, b), 1e-14);
        Tensor v = random(M);
        Expr h = fused.times(new Const(w)).sum();
        for (Var u : List.of(x, g)) {
            Tensor other = u == x ? g0 : at;
            Var fixed = u == x ? g : x;
            Tensor grad = Evaluate.evaluate(Reverse.gradients(h, List.of(u)).head(), b);
            double directional = 0;
            for (int i = 0; i < M.size(); i++) {
                directional += grad.toArray()[i] * v.toArray()[i];
            }
            Expr atFixed = Substitute.substitute(h, fixed, new Const(other));
            double fd = centralDifference(atFixed, u, u == x ? at : g0, v).item();
            assertEquals(fd, directional, 1e-7, "reverse in " + u.name());
            Tensor jvp = Evaluate.evaluate(Forward.jvp(h, HashMap.of(u, new Const(v))), b);
            assertEquals(fd, jvp.item(), 1e-7, "forward in " + u.name());
        }
    }

    private static Tensor centralDifference(Expr e, Var x, Tensor at, Tensor v) {
        return FiniteDifferences.directional(p -> Evaluate.evaluate(e, Bindings.of(x, p.head())), List.of(at), List.of(v));
    }

    private static void assertClose(Tensor expected, Tensor actual, double tolerance) {
        assertTrue(expected.closeTo(actual, tolerance), "expected " + expected + ", got " + actual);
    }

    private Tensor random(Shape s) {
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = 4 * random.nextDouble() - 2;
        }
        return Tensor.of(s, d);
    }
}
