package io.fluxion.op;

import static io.fluxion.interp.DerivativeCheck.check;
import static io.fluxion.interp.Points.awayFromZero;
import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Var;
import io.fluxion.interp.Approx;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Reverse;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** sigmoid, relu, softmax and logSoftmax: values, derivatives of both orders, and stability for large inputs. */
class ActivationTest {
    private static final Shape M = Shape.matrix(2, 3);
    private static final Shape V = Shape.vector(4);

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void sigmoid(long seed) {
        Random r = new Random(seed);
        check("sigmoid", a -> a.get(0).sigmoid(), x -> Ref.map(x.get(0), v -> 1 / (1 + Math.exp(-v))),
                List.of(uniform(r, M, -4, 4)), seed);
    }

    @Test
    void sigmoidOfLargeInputsIsFiniteWithFiniteGradient() {
        Var x = Var.of("x", Shape.vector(4));
        Tensor at = Tensor.vector(-800, -40, 40, 800);
        Bindings b = Bindings.of(x, at);
        Approx.assertClose(Ref.map(at, v -> 1 / (1 + Math.exp(-v))), Evaluate.evaluate(x.sigmoid(), b), "sigmoid");
        Tensor g = Evaluate.evaluate(Reverse.gradients(x.sigmoid().sum(), List.of(x)).head(), b);
        // σ'(x) = e^-|x| / (1 + e^-|x|)²: about 4.2e-18 at ±40, 0 in double precision at ±800. The rule
        // y (1 - y) gives exactly 0 at +40 (y rounds to 1), as PyTorch and JAX do: the gradient must be
        // finite and right on the scale of its maximum 1/4, not to the last bit of a tiny number.
        for (double d : g.toArray()) {
            assertTrue(Double.isFinite(d) && d >= 0, "sigmoid gradient " + g);
        }
        Approx.assertClose(Ref.map(at, v -> Math.exp(-Math.abs(v)) / Math.pow(1 + Math.exp(-Math.abs(v)), 2)), g,
                0, 1e-16, "sigmoid gradient");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void reluAwayFromZero(long seed) {
        Random r = new Random(seed);
        check("relu", a -> a.get(0).relu(), x -> Ref.map(x.get(0), v -> v > 0 ? v : 0),
                List.of(awayFromZero(r, M, 0.1, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void softmaxOfAVector(long seed) {
        Random r = new Random(seed);
        check("softmax", a -> a.get(0).softmax(), x -> Ref.softmax(x.get(0), false), List.of(uniform(r, V, -2, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void softmaxOfAMatrixRowByRow(long seed) {
        Random r = new Random(seed);
        check("softmax", a -> a.get(0).softmax(), x -> Ref.softmax(x.get(0), false), List.of(uniform(r, M, -2, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void logSoftmaxOfAVector(long seed) {
        Random r = new Random(seed);
        check("logSoftmax", a -> a.get(0).logSoftmax(), x -> Ref.softmax(x.get(0), true),
                List.of(uniform(r, V, -2, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void logSoftmaxOfAMatrixRowByRow(long seed) {
        Random r = new Random(seed);
        check("logSoftmax", a -> a.get(0).logSoftmax(), x -> Ref.softmax(x.get(0), true),
                List.of(uniform(r, M, -2, 2)), seed);
    }

    @Test
    void softmaxAndLogSoftmaxAreStableForLargeInputs() {
        // Shifting a row by a constant changes nothing, so (1000, 1001, 1002) behaves like (0, 1, 2).
        Tensor big = Tensor.of(new double[][] {{1000, 1001, 1002}, {-1000, -1001, -1002}});
        Tensor small = Tensor.of(new double[][] {{0, 1, 2}, {0, -1, -2}});
        Var x = Var.of("x", big.shape());
        Approx.assertClose(Ref.softmax(small, false), Evaluate.evaluate(x.softmax(), Bindings.of(x, big)), "softmax");
        Approx.assertClose(Ref.softmax(small, true), Evaluate.evaluate(x.logSoftmax(), Bindings.of(x, big)),
                1e-12, 1e-9, "logSoftmax");
        Tensor w = Tensor.of(new double[][] {{1, -2, 0.5}, {0.3, 0, 2}});
        var g = Reverse.gradients(x.logSoftmax().times(new Const(w)).sum(), List.of(x)).head();
        Approx.assertClose(Evaluate.evaluate(g, Bindings.of(x, small)), Evaluate.evaluate(g, Bindings.of(x, big)),
                "logSoftmax gradient");
    }

    @Test
    void softmaxRowsSumToOne() {
        Var x = Var.of("x", M);
        Tensor s = Evaluate.evaluate(x.softmax().sum(1), Bindings.of(x, uniform(new Random(9), M, -5, 5)));
        assertEquals(Shape.vector(2), s.shape());
        Approx.assertClose(Tensor.vector(1, 1), s, "row sums");
    }
}
