package io.fluxion.op;

import static io.fluxion.interp.Approx.assertClose;
import static io.fluxion.interp.Points.distinct;
import static io.fluxion.interp.Points.normal;
import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Forward;
import io.fluxion.interp.Reverse;
import io.fluxion.interp.Tape;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * stopGradient, argmax, oneHot and the comparisons: their values, and the documented behaviour that
 * no derivative flows through them (both modes, and with the tape).
 */
class NonDifferentiableTest {
    private static final Shape M = Shape.matrix(3, 4);
    private final Var x = Var.of("x", M);

    private Tensor gradient(Expr y) {
        return Evaluate.evaluate(Reverse.gradients(y, List.of(x)).head(), Bindings.of(x, at()));
    }

    private Tensor tangent(Expr y, Tensor v) {
        return Evaluate.evaluate(Forward.jvp(y, HashMap.of(x, new Const(v))), Bindings.of(x, at()));
    }

    private static Tensor at() {
        return uniform(new Random(1), M, -2, 2);
    }

    @Test
    void stopGradientKeepsTheValue() {
        assertClose(at(), Evaluate.evaluate(x.stopGradient(), Bindings.of(x, at())), 0, 0, "stopGradient value");
    }

    @Test
    void stopGradientHasZeroGradientAndTangent() {
        assertClose(Tensor.zeros(M), gradient(x.stopGradient().square().sum()), 0, 0, "gradient");
        assertClose(Tensor.zeros(M), tangent(x.stopGradient().exp(), normal(new Random(2), M)), 0, 0, "tangent");
        assertTrue(Tape.record(x.stopGradient().sum(), Bindings.of(x, at())).gradientIfConnected(x).isEmpty(),
                "a variable seen only through stopGradient is not connected");
    }

    @Test
    void stopGradientTreatsItsArgumentAsAConstant() {
        // d/dx sum(w * x * sg(x)) = w * sg(x) = w * x, not 2 w x.
        Tensor w = normal(new Random(3), M);
        Expr y = x.times(x.stopGradient()).times(new Const(w)).sum();
        assertClose(Ref.zip(w, at(), (p, q) -> p * q), gradient(y), "gradient through stopGradient");
        // and its second derivative is 0, not 2w.
        assertClose(Tensor.zeros(M), gradient(Reverse.gradients(y, List.of(x)).head().sum()), 0, 0, "second");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1})
    void argmaxOfAMatrix(int axis) {
        Tensor t = distinct(new Random(axis + 5), M);
        assertClose(Ref.reduce(t, axis, Ref.Along.ARGMAX), Evaluate.evaluate(x.argmax(axis), Bindings.of(x, t)),
                0, 0, "argmax");
    }

    @Test
    void argmaxOfAVectorAndOfTiesIsTheFirstMaximum() {
        Var v = Var.of("v", Shape.vector(5));
        assertClose(Tensor.scalar(1), Evaluate.evaluate(v.argmax(0), Bindings.of(v, Tensor.vector(0, 3, 1, 3, -2))),
                0, 0, "first of tied maxima");
        Tensor t = Tensor.of(new double[][] {{9, 2, 1, 9}, {0, 5, 5, 1}, {2, 7, 5, 0}});
        assertClose(Tensor.vector(0, 1, 1), Evaluate.evaluate(x.argmax(1), Bindings.of(x, t)), 0, 0, "rows");
        assertClose(Tensor.vector(0, 2, 1, 0), Evaluate.evaluate(x.argmax(0), Bindings.of(x, t)), 0, 0, "columns");
    }

    @Test
    void gradientThroughArgmaxIsZero() {
        Tensor t = at();
        // y = Σ_i argmax_i · Σ_j x_ij: argmax is a constant, so dy/dx_ij = argmax_i.
        Expr y = x.argmax(1).times(x.sum(1)).sum();
        Tensor am = Ref.reduce(t, 1, Ref.Along.ARGMAX);
        assertClose(Ref.build(M, (i, j) -> am.get(i)), gradient(y), 0, 0, "gradient");
        assertClose(Tensor.zeros(Shape.vector(3)), tangent(x.argmax(1), normal(new Random(4), M)), 0, 0, "tangent");
        assertClose(Tensor.zeros(M), gradient(x.argmax(0).sum()), 0, 0, "gradient of argmax alone");
    }

    @Test
    void oneHotOfAVectorOfIndices() {
        Var i = Var.of("i", Shape.vector(3));
        Tensor expected = Tensor.of(new double[][] {{0, 0, 1, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}});
        assertClose(expected, Evaluate.evaluate(i.oneHot(4), Bindings.of(i, Tensor.vector(2, 0, 3))), 0, 0,
                "oneHot");
    }

    @Test
    void oneHotOfAScalarIndexIsAVector() {
        Var i = Var.of("i", Shape.scalar());
        assertClose(Tensor.vector(0, 1, 0), Evaluate.evaluate(i.oneHot(3), Bindings.of(i, 1.0)), 0, 0, "oneHot");
    }

    @Test
    void oneHotHasZeroGradient() {
        Var i = Var.of("i", Shape.vector(3));
        Expr y = i.oneHot(4).times(i.reshape(3, 1)).sum();
        // y = Σ_k i_k (one-hot row k sums to 1), and the one-hot factor is a constant: dy/di = 1.
        Tensor g = Evaluate.evaluate(Reverse.gradients(y, List.of(i)).head(), Bindings.of(i, Tensor.vector(2, 0, 3)));
        assertClose(Tensor.vector(1, 1, 1), g, 0, 0, "gradient");
        Tape t = Tape.record(i.oneHot(4).sum(), Bindings.of(i, Tensor.vector(2, 0, 3)));
        assertClose(Tensor.zeros(Shape.vector(3)), t.gradient(i), 0, 0, "tape gradient");
    }

    @Test
    void comparisonsBroadcastAndGiveOneOrZero() {
        Var v = Var.of("v", Shape.vector(4));
        Tensor a = Tensor.of(new double[][] {{1, 2, 3, 4}, {4, 3, 2, 1}, {0, 2, 0, 2}});
        Tensor b = Tensor.vector(1, 2, 2, 2);
        Bindings bind = Bindings.of(x, a).and(v, b);
        assertClose(Ref.zip(a, b, (p, q) -> p == q ? 1 : 0), Evaluate.evaluate(x.eq(v), bind), 0, 0, "eq");
        assertClose(Ref.zip(a, b, (p, q) -> p > q ? 1 : 0), Evaluate.evaluate(x.gt(v), bind), 0, 0, "gt");
        assertClose(Ref.zip(a, b, (p, q) -> p < q ? 1 : 0), Evaluate.evaluate(x.lt(v), bind), 0, 0, "lt");
        assertClose(Ref.zip(Tensor.scalar(2), b, (p, q) -> p < q ? 1 : 0),
                Evaluate.evaluate(Const.of(2).lt(v), bind), 0, 0, "lt scalar");
    }

    @Test
    void comparisonsHaveZeroGradient() {
        Tensor t = at();
        // y = Σ x · [x > 0.5]: the mask is a constant, so dy/dx = [x > 0.5].
        Expr y = x.times(x.gt(Const.of(0.5))).sum();
        assertClose(Ref.map(t, p -> p > 0.5 ? 1 : 0), gradient(y), 0, 0, "gradient");
        assertClose(Tensor.zeros(M), gradient(x.lt(Const.of(0)).plus(x.eq(Const.of(1))).sum()), 0, 0, "masks only");
    }
}
