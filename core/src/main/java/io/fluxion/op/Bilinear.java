package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import java.util.function.Function;

/**
 * A bilinear primitive (JAX's {@code defbilinear}): the JVP of argument i applies the same
 * primitive with the tangent in place of that argument; the VJP of each argument is declared. A
 * record with parameters implements this interface; {@link #of} builds a parameterless one.
 */
public interface Bilinear extends Primitive {

    @Override
    default Expr jvp(Apply node, int arg, Expr tangent) {
        return arg == 0 ? Apply.of(node.op(), tangent, node.arg(1)) : Apply.of(node.op(), node.arg(0), tangent);
    }

    /** A parameterless bilinear primitive with the cotangent rules of its two arguments. */
    static Op of(String name, Notation notation, Function<List<Shape>, Shape> shapeRule, Op.Kernel kernel,
            Op.Rule vjp) {
        return Op.of(name, notation, shapeRule, kernel,
                (node, arg, t) -> arg == 0 ? Apply.of(node.op(), t, node.arg(1)) : Apply.of(node.op(), node.arg(0), t),
                vjp);
    }
}
