package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A unary linear primitive (JAX's {@code deflinear}): the JVP applies the same primitive to the
 * tangent, and the VJP is the declared transpose. A record with parameters implements this
 * interface; {@link #of} builds a parameterless one.
 */
public interface Linear extends Primitive {

    /** The transpose of this linear map applied to a cotangent: the argument's cotangent. */
    Expr transpose(Apply node, Expr cotangent);

    @Override
    default Expr jvp(Apply node, int arg, Expr tangent) {
        return Apply.of(node.op(), tangent);
    }

    @Override
    default Expr vjp(Apply node, int arg, Expr cotangent) {
        return transpose(node, cotangent);
    }

    /** A parameterless unary linear primitive; {@code transpose} maps (node, cotangent) to the argument's cotangent. */
    static Op of(String name, Notation notation, Function<List<Shape>, Shape> shapeRule, Op.Kernel kernel,
            BiFunction<Apply, Expr, Expr> transpose) {
        return Op.of(name, notation, shapeRule, kernel,
                (node, arg, t) -> Apply.of(node.op(), t),
                (node, arg, ct) -> transpose.apply(node, ct));
    }
}
