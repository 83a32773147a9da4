package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import java.util.function.Function;

/**
 * The combinator for bilinear primitives (JAX's {@code defbilinear}): the JVP of argument i applies
 * the same primitive with the tangent in place of that argument; the VJP of each argument is
 * declared.
 */
public final class Bilinear {
    private Bilinear() {}

    /** A bilinear primitive with the cotangent rules of its two arguments. */
    public static Op of(String name, Notation notation, Function<List<Shape>, Shape> shapeRule, Op.Kernel kernel,
            Op.Rule vjp) {
        return Op.of(name, notation, shapeRule, kernel,
                (node, arg, t) -> arg == 0 ? Apply.of(node.op(), t, node.arg(1)) : Apply.of(node.op(), node.arg(0), t),
                vjp);
    }
}
