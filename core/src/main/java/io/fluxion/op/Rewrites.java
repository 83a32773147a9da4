package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.control.Option;

/** Small helpers for the algebraic identities the families declare. */
final class Rewrites {
    private Rewrites() {}

    /** Whether e is a constant with every element equal to v. */
    static boolean is(Expr e, double v) {
        return e instanceof Const c && c.isAll(v);
    }

    /** The value of a one-element constant. */
    static Option<Double> scalar(Expr e) {
        return e instanceof Const c && c.value().shape().size() == 1 ? Option.of(c.value().item()) : Option.none();
    }

    /**
     * A constant whose elements are all equal, as one number, when the other operand of a
     * broadcasting node already has the node's shape: {@code full((m, n), c) * x} is {@code c * x}.
     * Folding a broadcast (as in the derivative of a sum) makes such constants.
     */
    static Option<Expr> asScalar(Expr constant, Expr other, Apply node) {
        if (constant instanceof Const c && c.shape().size() > 1 && other.shape().equals(node.shape())) {
            Tensor t = c.value();
            double v = t.reshape(t.shape().size()).get(0);
            if (t.isAll(v)) {
                return Option.of(new Const(Tensor.scalar(v, t.dtype())));
            }
        }
        return Option.none();
    }

    /** Whether e applies the primitive p. */
    static boolean applies(Expr e, io.fluxion.expr.Primitive p) {
        return e instanceof Apply a && a.op() == p;
    }

    /** e, broadcast if needed so that a rewrite keeps the node's shape. */
    static Expr keep(Expr e, Shape shape) {
        return e.shape().equals(shape) ? e : e.broadcastTo(shape);
    }

    /** A rewrite to e that keeps the node's shape. */
    static Option<Expr> to(Expr e, Apply node) {
        return Option.of(keep(e, node.shape()));
    }
}
