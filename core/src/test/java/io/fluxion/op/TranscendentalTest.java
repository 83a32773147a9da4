package io.fluxion.op;

import static io.fluxion.interp.DerivativeCheck.check;
import static io.fluxion.interp.Points.uniform;

import io.fluxion.expr.Expr;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** exp, log, sqrt, sin, cos and tanh on scalars, vectors and matrices, inside their domains. */
class TranscendentalTest {

    record Unary(String name, UnaryOperator<Expr> build, DoubleUnaryOperator ref, double lo, double hi) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Unary> ops = List.of(
                new Unary("exp", Expr::exp, Math::exp, -2, 2),
                new Unary("log", Expr::log, Math::log, 0.3, 3),
                new Unary("sqrt", Expr::sqrt, v -> Math.pow(v, 0.5), 0.3, 3),
                new Unary("sin", Expr::sin, Math::sin, -3, 3),
                new Unary("cos", Expr::cos, Math::cos, -3, 3),
                new Unary("tanh", Expr::tanh, v -> (Math.exp(2 * v) - 1) / (Math.exp(2 * v) + 1), -2, 2));
        List<Shape> shapes = List.of(Shape.scalar(), Shape.vector(4), Shape.matrix(2, 3));
        return ops.toJavaStream().flatMap(op -> shapes.toJavaStream().map(s -> Arguments.of(op, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void unary(Unary op, Shape shape) {
        long seed = op.name().hashCode() + shape.size();
        Random r = new Random(seed);
        check(op.name(), x -> op.build().apply(x.get(0)), x -> Ref.map(x.get(0), op.ref()),
                List.of(uniform(r, shape, op.lo(), op.hi())), seed);
    }
}
