package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.tensor.Kernels;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;

/**
 * Reductions (sum, mean, max, argmax, all elements or along a NumPy axis) and the pair that
 * connects shapes: {@code broadcastTo} and its transpose {@code sumTo}, the VJP of broadcasting.
 */
public final class Reduction {
    private Reduction() {}

    /** The sum of all elements. */
    public static final Op SUM = Linear.of("sum", Notation.call("sum"), Shapes.unary("sum", a -> Shape.scalar()),
            (in, out) -> Kernels.sumAll(in[0], 1, out),
            (node, ct) -> ct.broadcastTo(node.arg(0).shape()));

    /** The mean of all elements. */
    public static final Op MEAN = Linear.of("mean", Notation.call("mean"), Shapes.unary("mean", a -> Shape.scalar()),
            (in, out) -> Kernels.sumAll(in[0], 1.0 / in[0].shape().size(), out),
            (node, ct) -> ct.times(1.0 / node.arg(0).shape().size()).broadcastTo(node.arg(0).shape()));

    /** Σ x. */
    public static Expr sum(Expr x) { return Apply.of(SUM, x); }

    /** The mean of x. */
    public static Expr mean(Expr x) { return Apply.of(MEAN, x); }

    /** x summed along a NumPy axis. */
    public static Expr sum(Expr x, int axis) {
        int a = Shapes.axis("sum", x.shape(), axis);
        return Apply.of(Linear.of("sum", new Notation.Call("sum", "axis=" + a), s -> along("sum", s, a),
                (in, out) -> Kernels.sumAxis(in[0], a, 1, out),
                (node, ct) -> keepDims(ct, node.arg(0).shape(), a).broadcastTo(node.arg(0).shape())), x);
    }

    /** The mean of x along a NumPy axis. */
    public static Expr mean(Expr x, int axis) {
        int a = Shapes.axis("mean", x.shape(), axis);
        double scale = 1.0 / x.shape().dim(a);
        return Apply.of(Linear.of("mean", new Notation.Call("mean", "axis=" + a), s -> along("mean", s, a),
                (in, out) -> Kernels.sumAxis(in[0], a, scale, out),
                (node, ct) -> keepDims(ct.times(scale), node.arg(0).shape(), a).broadcastTo(node.arg(0).shape())), x);
    }

    /**
     * The maximum along a NumPy axis. The derivative is shared equally among tied maxima (as JAX
     * does), so it is the same whichever tied element a kernel happens to pick.
     */
    public static Expr max(Expr x, int axis) {
        int a = Shapes.axis("max", x.shape(), axis);
        return Apply.of(Op.of("max", new Notation.Call("max", "axis=" + a), s -> along("max", s, a),
                (in, out) -> Kernels.maxAxis(in[0], a, false, out),
                (node, arg, t) -> t.times(mask(node, a)).sum(a).div(mask(node, a).sum(a)),
                (node, arg, ct) -> keepDims(ct.div(mask(node, a).sum(a)), node.arg(0).shape(), a)
                        .times(mask(node, a))), x);
    }

    /**
     * The index of the first maximum along a NumPy axis, as a double. Not differentiable: like
     * any index, it is treated as a constant, so derivatives through it are zero.
     */
    public static Expr argmax(Expr x, int axis) {
        int a = Shapes.axis("argmax", x.shape(), axis);
        return Apply.of(Op.constant("argmax", new Notation.Call("argmax", "axis=" + a), s -> along("argmax", s, a),
                (in, out) -> Kernels.maxAxis(in[0], a, true, out)), x);
    }

    /** x summed down to {@code target}, which must broadcast to x's shape; x itself if the shapes agree. */
    public static Expr sumTo(Expr x, Shape target) {
        if (x.shape().equals(target)) {
            return x;
        }
        return Apply.of(Linear.of("sumTo", new Notation.Call("sumTo", target.toString()),
                Shapes.unary("sumTo", from -> {
                    if (!target.broadcastsTo(from)) {
                        throw new ShapeException("sumTo: cannot sum " + from + " down to " + target);
                    }
                    return target;
                }),
                (in, out) -> Kernels.sumTo(in[0], out),
                (node, ct) -> ct.broadcastTo(node.arg(0).shape())), x);
    }

    /** x broadcast up to {@code target}; x itself if the shapes agree. */
    public static Expr broadcastTo(Expr x, Shape target) {
        if (x.shape().equals(target)) {
            return x;
        }
        return Apply.of(Linear.of("broadcastTo", new Notation.Call("broadcastTo", target.toString()),
                Shapes.unary("broadcastTo", from -> {
                    if (!from.broadcastsTo(target)) {
                        throw new ShapeException("broadcastTo: cannot broadcast " + from + " to " + target);
                    }
                    return target;
                }),
                (in, out) -> Kernels.broadcastTo(in[0], out),
                (node, ct) -> ct.sumTo(node.arg(0).shape())), x);
    }

    /** x summed along an axis with that axis kept (as size 1), so that it broadcasts against x. */
    public static Expr sumKeep(Expr x, int axis) {
        int a = Shapes.axis("sum", x.shape(), axis);
        return keepDims(x.sum(a), x.shape(), a);
    }

    /** A reduction of a matrix along axis 1 reshaped to a column, so that it broadcasts along rows. */
    static Expr keepDims(Expr reduced, Shape input, int axis) {
        return input.rank() == 2 && axis == 1 ? reduced.reshape(input.rows(), 1) : reduced;
    }

    private static Expr mask(Apply node, int axis) {
        Expr x = node.arg(0);
        return x.eq(keepDims(node, x.shape(), axis));
    }

    private static Shape along(String name, io.vavr.collection.List<Shape> s, int axis) {
        Shape x = Shapes.arity(name, s, 1).head();
        return x.without(Shapes.axis(name, x, axis));
    }
}
