package io.fluxion.op;

import static io.fluxion.interp.DerivativeCheck.check;
import static io.fluxion.interp.Points.awayFromZero;
import static io.fluxion.interp.Points.uniform;

import io.fluxion.expr.Expr;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Binary operations between arguments of different shapes, which broadcast as NumPy does: a scalar
 * with anything, a vector with each row of a matrix, a column (m, 1) with each column, and a column
 * with a vector (an outer operation). Gradients must sum back to each argument's shape.
 */
class BroadcastingTest {
    private static final Shape S = Shape.scalar();
    private static final Shape V = Shape.vector(3);
    private static final Shape M = Shape.matrix(2, 3);
    private static final Shape C = Shape.matrix(2, 1);

    record BinaryOp(String name, BinaryOperator<Expr> build, DoubleBinaryOperator ref) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<BinaryOp> OPS = List.of(
            new BinaryOp("add", Expr::plus, (p, q) -> p + q),
            new BinaryOp("sub", Expr::minus, (p, q) -> p - q),
            new BinaryOp("mul", Expr::times, (p, q) -> p * q),
            new BinaryOp("div", Expr::div, (p, q) -> p / q),
            new BinaryOp("pow", Expr::pow, Math::pow));

    private static final List<Shape[]> PAIRS = List.of(
            new Shape[] {S, M}, new Shape[] {M, S}, new Shape[] {V, M}, new Shape[] {M, V},
            new Shape[] {C, M}, new Shape[] {M, C}, new Shape[] {C, V}, new Shape[] {V, C},
            new Shape[] {S, V}, new Shape[] {V, S});

    static Stream<Arguments> cases() {
        return OPS.toJavaStream().flatMap(op -> PAIRS.toJavaStream().map(p -> Arguments.of(op, p[0], p[1])));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void broadcastBinary(BinaryOp op, Shape left, Shape right) {
        long seed = 31L * left.hashCode() + right.hashCode();
        Random r = new Random(seed);
        // pow needs a positive base; div a denominator away from zero.
        Tensor a = op.name().equals("pow") ? uniform(r, left, 0.5, 2) : uniform(r, left, -2, 2);
        Tensor b = op.name().equals("div") ? awayFromZero(r, right, 0.5, 2) : uniform(r, right, -1.5, 2);
        check(op.name() + " " + left + " " + right, x -> op.build().apply(x.get(0), x.get(1)),
                x -> Ref.zip(x.get(0), x.get(1), op.ref()), List.of(a, b), seed);
    }
}
