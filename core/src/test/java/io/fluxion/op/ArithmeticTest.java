package io.fluxion.op;

import static io.fluxion.interp.DerivativeCheck.check;
import static io.fluxion.interp.DerivativeCheck.checkDerivatives;
import static io.fluxion.interp.Points.awayFromZero;
import static io.fluxion.interp.Points.uniform;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** add, sub, mul, div, neg, pow, square and abs on same-shaped arguments: values, JVP, VJP and second order. */
class ArithmeticTest {
    private static final Shape M = Shape.matrix(2, 3);

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void add(long seed) {
        Random r = new Random(seed);
        check("add", a -> a.get(0).plus(a.get(1)), x -> Ref.zip(x.get(0), x.get(1), (p, q) -> p + q),
                List.of(uniform(r, M, -2, 2), uniform(r, M, -2, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void sub(long seed) {
        Random r = new Random(seed);
        check("sub", a -> a.get(0).minus(a.get(1)), x -> Ref.zip(x.get(0), x.get(1), (p, q) -> p - q),
                List.of(uniform(r, M, -2, 2), uniform(r, M, -2, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void mul(long seed) {
        Random r = new Random(seed);
        check("mul", a -> a.get(0).times(a.get(1)), x -> Ref.zip(x.get(0), x.get(1), (p, q) -> p * q),
                List.of(uniform(r, M, -2, 2), uniform(r, M, -2, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void div(long seed) {
        Random r = new Random(seed);
        check("div", a -> a.get(0).div(a.get(1)), x -> Ref.zip(x.get(0), x.get(1), (p, q) -> p / q),
                List.of(uniform(r, M, -2, 2), awayFromZero(r, M, 0.5, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void neg(long seed) {
        Random r = new Random(seed);
        check("neg", a -> a.get(0).negate(), x -> Ref.map(x.get(0), v -> -v), List.of(uniform(r, M, -2, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void powWithRealExponentInBothArguments(long seed) {
        Random r = new Random(seed);
        check("pow", a -> a.get(0).pow(a.get(1)), x -> Ref.zip(x.get(0), x.get(1), Math::pow),
                List.of(uniform(r, M, 0.5, 2), uniform(r, M, -1.5, 2.5)), seed);
    }

    @ParameterizedTest
    @ValueSource(doubles = {2.7, 0.5, -1.3})
    void powWithConstantRealExponent(double p) {
        Random r = new Random(3);
        check("pow " + p, a -> a.get(0).pow(p), x -> Ref.map(x.get(0), v -> Math.exp(p * Math.log(v))),
                List.of(uniform(r, M, 0.5, 2)), 3);
    }

    /** (-x)^n for integer n: defined, with derivative n x^(n-1), also below zero. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, -1, -2, -3})
    void integerPowersOfNegativeBases(int n) {
        Random r = new Random(4);
        check("pow " + n, a -> a.get(0).pow(n), x -> Ref.map(x.get(0), v -> integerPower(v, n)),
                List.of(uniform(r, M, -2, -0.5)), 4);
    }

    /** With the exponent a variable bound to an integer, the derivative in a negative base is still n x^(n-1). */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, -1})
    void derivativeInANegativeBaseWithAVariableIntegerExponent(int n) {
        Var a = Var.of("a", M);
        Var b = Var.of("b", Shape.scalar());
        Tensor at = uniform(new Random(5), M, -2, -0.5);
        Bindings bind = Bindings.of(a, at).and(b, (double) n);
        var y = a.pow(b).sum();
        Approx.assertClose(Ref.map(at, v -> n * integerPower(v, n - 1)),
                Evaluate.evaluate(Reverse.gradients(y, List.of(a)).head(), bind), "d/da a^" + n);
        Approx.assertClose(Ref.map(at, v -> n * (n - 1) * integerPower(v, n - 2)),
                Evaluate.evaluate(Reverse.gradients(Reverse.gradients(y, List.of(a)).head().sum(), List.of(a)).head(),
                        bind), "d²/da² a^" + n);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void square(long seed) {
        Random r = new Random(seed);
        check("square", a -> a.get(0).square(), x -> Ref.map(x.get(0), v -> v * v), List.of(uniform(r, M, -2, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void absAwayFromZero(long seed) {
        Random r = new Random(seed);
        check("abs", a -> a.get(0).abs(), x -> Ref.map(x.get(0), v -> v < 0 ? -v : v),
                List.of(awayFromZero(r, M, 0.1, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void sharedArgumentsAccumulate(long seed) {
        Random r = new Random(seed);
        checkDerivatives("x * x + x / (x * x + 1)", a -> {
            var x = a.get(0);
            return x.times(x).plus(x.div(x.times(x).plus(Const.of(1))));
        }, List.of(uniform(r, M, -2, 2)), seed);
    }

    private static double integerPower(double x, int n) {
        double p = 1;
        for (int i = 0; i < Math.abs(n); i++) {
            p *= x;
        }
        return n < 0 ? 1 / p : p;
    }
}
