package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The combinator for unary linear primitives (JAX's {@code deflinear}): the JVP applies the same
 * primitive to the tangent, and the VJP is the declared transpose.
 */
public final class Linear {
    private Linear() {}

    /** A unary linear primitive; {@code transpose} maps (node, cotangent) to the argument's cotangent. */
    public static Op of(String name, Notation notation, Function<List<Shape>, Shape> shapeRule, Op.Kernel kernel,
            BiFunction<Apply, Expr, Expr> transpose) {
        return Op.of(name, notation, shapeRule, kernel,
                (node, arg, t) -> Apply.of(node.op(), t),
                (node, arg, ct) -> transpose.apply(node, ct));
    }
}
