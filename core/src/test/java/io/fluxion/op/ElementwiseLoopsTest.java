package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The element-wise primitives with loops of their own compute, on tensors and in fused loops, in
 * float64 and float32, the bits of the scalar function they stand for, at the values where a loop
 * written differently would part from it (NaN, infinities, signed zeros, subnormals).
 */
class ElementwiseLoopsTest {
    private static final double[] SPECIAL = {Double.NaN, Double.NEGATIVE_INFINITY, -1e308, -2.5, -1, -1e-310, -0.0,
        0.0, 1e-310, 1e-20, 0.5, 1, 3, 710, 1e308, Double.POSITIVE_INFINITY};
    /** More than one fused block, so that blocks after the first are checked too. */
    private static final int N = 1_100;

    static Stream<Arguments> unary() {
        return Stream.of(
                unary("sqrt", Expr::sqrt, Math::sqrt),
                unary("log", Expr::log, Math::log),
                unary("log1p", Expr::log1p, Math::log1p),
                unary("expm1", Expr::expm1, Math::expm1),
                unary("exp", Expr::exp, Math::exp),
                unary("tanh", Expr::tanh, Math::tanh),
                unary("sin", Expr::sin, Math::sin),
                unary("cos", Expr::cos, Math::cos),
                unary("abs", Expr::abs, Math::abs),
                unary("square", Expr::square, v -> v * v),
                // NaN stays NaN, as in PyTorch and JAX; -0 becomes +0.
                unary("relu", Expr::relu, v -> Double.isNaN(v) ? v : v > 0 ? v : 0.0))
                .flatMap(a -> Stream.of(DType.FLOAT64, DType.FLOAT32).map(d -> Arguments.of(a.get()[0], a.get()[1],
                        a.get()[2], d)));
    }

    private static Arguments unary(String name, UnaryOperator<Expr> f, DoubleUnaryOperator ref) {
        return Arguments.of(name, f, ref);
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("unary")
    void unaryLoopsComputeTheScalarFunction(String name, UnaryOperator<Expr> f, DoubleUnaryOperator ref, DType dtype) {
        Var x = Var.of("x", Shape.vector(N));
        Var one = Var.of("one", Shape.vector(N));
        double[] xs = values(0);
        Bindings b = Bindings.of(x, Tensor.of(Shape.vector(N), xs).to(dtype)).and(one, ones().to(dtype));
        double[] want = new double[N];
        for (int i = 0; i < N; i++) {
            want[i] = dtype == DType.FLOAT32 ? (float) ref.applyAsDouble((float) xs[i]) : ref.applyAsDouble(xs[i]);
        }
        assertBits(want, Evaluate.evaluate(f.apply(x), b), name + " on a tensor, " + dtype);
        // Times ones (exact, signs and NaN kept) makes a loop of two primitives, which compile fuses.
        assertBits(want, Compile.compile(List.of(f.apply(x).times(one))).run(b).head(), name + " fused, " + dtype);
    }

    static Stream<Arguments> comparisons() {
        return Stream.of(
                comparison("gt", Expr::gt, (p, q) -> p > q ? 1 : 0),
                comparison("lt", Expr::lt, (p, q) -> p < q ? 1 : 0),
                comparison("eq", Expr::eq, (p, q) -> p == q ? 1 : 0))
                .flatMap(a -> Stream.of(DType.FLOAT64, DType.FLOAT32).map(d -> Arguments.of(a.get()[0], a.get()[1],
                        a.get()[2], d)));
    }

    private static Arguments comparison(String name, BiFunction<Expr, Expr, Expr> f, DoubleBinaryOperator ref) {
        return Arguments.of(name, f, ref);
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("comparisons")
    void comparisonLoopsComputeTheScalarComparison(String name, BiFunction<Expr, Expr, Expr> f,
            DoubleBinaryOperator ref, DType dtype) {
        Var x = Var.of("x", Shape.vector(N));
        Var y = Var.of("y", Shape.vector(N));
        Var one = Var.of("one", Shape.vector(N));
        // y runs through the special values at another pace, so every pair meets.
        double[] xs = values(0);
        double[] ys = values(7);
        Bindings b = Bindings.of(x, Tensor.of(Shape.vector(N), xs).to(dtype))
                .and(y, Tensor.of(Shape.vector(N), ys).to(dtype)).and(one, ones().to(dtype));
        double[] want = new double[N];
        for (int i = 0; i < N; i++) {
            want[i] = dtype == DType.FLOAT32 ? ref.applyAsDouble((float) xs[i], (float) ys[i])
                    : ref.applyAsDouble(xs[i], ys[i]);
        }
        assertBits(want, Compile.compile(List.of(f.apply(x, y).times(one))).run(b).head(), name + " fused, " + dtype);
        assertBits(want, Evaluate.evaluate(f.apply(x, y), b), name + " on tensors, " + dtype);
    }

    private static double[] values(int stride) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = SPECIAL[(i + stride * (i / SPECIAL.length)) % SPECIAL.length];
        }
        return v;
    }

    private static Tensor ones() {
        double[] d = new double[N];
        java.util.Arrays.fill(d, 1);
        return Tensor.of(Shape.vector(N), d);
    }

    private static void assertBits(double[] want, Tensor got, String what) {
        double[] g = got.to(DType.FLOAT64).toArray();
        assertEquals(want.length, g.length, what);
        for (int i = 0; i < want.length; i++) {
            int at = i;
            assertTrue(Double.compare(want[i], g[i]) == 0,
                    () -> what + ": element " + at + " is " + g[at] + ", the scalar function gives " + want[at]);
        }
    }
}
