package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.op.internal.Shapes;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Kernels;
import io.fluxion.tensor.internal.Reducer;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Reductions over one axis, several or all (sum, mean, max, min, log-sum-exp, arg-max), each with a
 * keep-dims form, and the pair that connects shapes: {@code broadcastTo} and its transpose
 * {@code sumTo}, the VJP of broadcasting. Each is a record of its parameters.
 */
public final class Reduction {
    private Reduction() {}

    /** The sum over {@code axes}. */
    public record Sum(Axes axes, boolean keepDims) implements Linear, AnyDType {
        @Override public String name() { return "sum"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(Batching.reduction(b, axes, a -> new Sum(a, keepDims)));
        }
        @Override public Notation notation() { return call("sum", axes, keepDims); }
        @Override public Shape shape(List<Shape> s) { return reduced("sum", s, axes, keepDims); }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            Kernels.reduce(in[0], axes.flags(in[0].shape().rank()), Reducer.SUM, 1, out);
        }
        @Override public Expr transpose(Apply node, Expr ct) {
            return expand(ct, node.arg(0).shape(), axes, keepDims).broadcastTo(node.arg(0).shape());
        }
        @Override public Option<Expr> fuse(Apply node) {
            int axis = axes.single(node.arg(0).shape().rank());
            return axis >= 0 && !keepDims ? Activation.fuseCrossEntropy(node.arg(0), axis) : Option.none();
        }
    }

    /** The mean over {@code axes}. */
    public record Mean(Axes axes, boolean keepDims) implements Linear, AnyDType {
        @Override public String name() { return "mean"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(Batching.reduction(b, axes, a -> new Mean(a, keepDims)));
        }
        @Override public Notation notation() { return call("mean", axes, keepDims); }
        @Override public Shape shape(List<Shape> s) { return reduced("mean", s, axes, keepDims); }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            Shape x = in[0].shape();
            Kernels.reduce(in[0], axes.flags(x.rank()), Reducer.SUM, 1.0 / axes.count(x), out);
        }
        @Override public Expr transpose(Apply node, Expr ct) {
            Shape x = node.arg(0).shape();
            return expand(ct.times(1.0 / axes.count(x)), x, axes, keepDims).broadcastTo(x);
        }
    }

    /**
     * The maximum (or, with {@code min}, the minimum) over {@code axes}. The derivative is shared
     * equally among tied extremes (as JAX does), so it is the same whichever tied element a kernel
     * happens to pick. The mask of extremes is one expression, so a compiled gradient computes it once.
     */
    public record Extreme(Axes axes, boolean keepDims, boolean min) implements Primitive, AnyDType {
        @Override public String name() { return min ? "min" : "max"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(Batching.reduction(b, axes, a -> new Extreme(a, keepDims, min)));
        }
        @Override public Notation notation() { return call(name(), axes, keepDims); }
        @Override public Shape shape(List<Shape> s) { return reduced(name(), s, axes, keepDims); }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            Kernels.reduce(in[0], axes.flags(in[0].shape().rank()), min ? Reducer.MIN : Reducer.MAX, 1, out);
        }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            Expr mask = mask(node);
            return Apply.of(new Sum(axes, keepDims), t.times(mask)).div(Apply.of(new Sum(axes, keepDims), mask));
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            Shape x = node.arg(0).shape();
            Expr mask = mask(node);
            return expand(ct, x, axes, keepDims).div(Apply.of(new Sum(axes, true), mask)).times(mask);
        }
        private Expr mask(Apply node) {
            Expr x = node.arg(0);
            return x.eq(expand(node, x.shape(), axes, keepDims));
        }
    }

    /** log Σ exp over {@code axes}, stabilised by the maximum; its derivative is the softmax over those axes. */
    public record LogSumExp(Axes axes, boolean keepDims) implements Primitive, AnyDType {
        @Override public String name() { return "logSumExp"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(Batching.reduction(b, axes, a -> new LogSumExp(a, keepDims)));
        }
        @Override public Notation notation() { return call("logSumExp", axes, keepDims); }
        @Override public Shape shape(List<Shape> s) { return reduced("logSumExp", s, axes, keepDims); }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            Kernels.reduce(in[0], axes.flags(in[0].shape().rank()), Reducer.LOG_SUM_EXP, 1, out);
        }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            return Apply.of(new Sum(axes, keepDims), t.times(weights(node)));
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            return expand(ct, node.arg(0).shape(), axes, keepDims).times(weights(node));
        }
        private Expr weights(Apply node) {
            Expr x = node.arg(0);
            return x.minus(expand(node, x.shape(), axes, keepDims)).exp();
        }
    }

    /**
     * The index of the first maximum along one axis, as a double. Not differentiable: like any
     * index, it is treated as a constant, so derivatives through it are zero.
     */
    public record ArgMax(int axis) implements Primitive, AnyDType {
        @Override public String name() { return "argmax"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Apply.of(new ArgMax(axis + 1), b.arg(0))); }
        @Override public Notation notation() { return new Notation.Call("argmax", "axis=" + axis); }
        @Override public Shape shape(List<Shape> s) { return Shapes.withAxis("argmax", s, axis).without(axis); }
        @Override public void applyInto(Tensor[] in, Buffer out) { ReductionKernels.argmax(in[0], axis, out); }
        @Override public boolean differentiable(int arg) { return false; }
        @Override public Expr jvp(Apply node, int arg, Expr t) { throw notDifferentiable(this); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) { throw notDifferentiable(this); }
    }

    /** x summed down to {@code target}, which must broadcast to x's shape: the transpose of broadcasting. */
    public record SumTo(Shape target) implements Linear, AnyDType {
        @Override public String name() { return "sumTo"; }
        /** Summed to the target with the batch axis in front, the target's dimensions aligned to the right. */
        @Override public Option<Expr> batch(Apply node, Batch b) {
            Shape front = Shape.vector(b.size());
            Expr x = b.arg(0);
            int missing = x.shape().rank() - 1 - target.rank();
            Shape aligned = front.concat(Shape.of(ones(missing))).concat(target);
            return Option.of(x.sumTo(aligned).reshape(front.concat(target)));
        }
        @Override public Notation notation() { return new Notation.Call("sumTo", target.toString()); }
        @Override public Shape shape(List<Shape> s) {
            Shape from = Shapes.arity("sumTo", s, 1).head();
            if (!target.broadcastsTo(from)) {
                throw new ShapeException("sumTo: cannot sum " + from + " down to " + target);
            }
            return target;
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { Kernels.sumTo(in[0], out); }
        @Override public Expr transpose(Apply node, Expr ct) { return ct.broadcastTo(node.arg(0).shape()); }
    }

    /** x broadcast up to {@code target}. */
    public record BroadcastTo(Shape target) implements Linear, AnyDType {
        @Override public String name() { return "broadcastTo"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(b.aligned(0, target.rank()).broadcastTo(Shape.vector(b.size()).concat(target)));
        }
        @Override public Notation notation() { return new Notation.Call("broadcastTo", target.toString()); }
        @Override public Shape shape(List<Shape> s) {
            Shape from = Shapes.arity("broadcastTo", s, 1).head();
            if (!from.broadcastsTo(target)) {
                throw new ShapeException("broadcastTo: cannot broadcast " + from + " to " + target);
            }
            return target;
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { Kernels.broadcastTo(in[0], out); }
        @Override public Expr transpose(Apply node, Expr ct) { return ct.sumTo(node.arg(0).shape()); }
    }

    /** Σ x over all elements. */
    public static Expr sum(Expr x) { return Apply.of(new Sum(Axes.ALL, false), x); }
    /** x summed over NumPy axes (all when none is named). */
    public static Expr sum(Expr x, boolean keepDims, int... axes) {
        return Apply.of(new Sum(Axes.of("sum", x.shape(), axes), keepDims), x);
    }
    /** The mean of all elements. */
    public static Expr mean(Expr x) { return Apply.of(new Mean(Axes.ALL, false), x); }
    /** The mean over NumPy axes (all when none is named). */
    public static Expr mean(Expr x, boolean keepDims, int... axes) {
        return Apply.of(new Mean(Axes.of("mean", x.shape(), axes), keepDims), x);
    }
    /** The maximum over NumPy axes (all when none is named). */
    public static Expr max(Expr x, boolean keepDims, int... axes) {
        return Apply.of(new Extreme(Axes.of("max", x.shape(), axes), keepDims, false), x);
    }
    /** The minimum over NumPy axes (all when none is named). */
    public static Expr min(Expr x, boolean keepDims, int... axes) {
        return Apply.of(new Extreme(Axes.of("min", x.shape(), axes), keepDims, true), x);
    }
    /** log Σ exp over NumPy axes (all when none is named). */
    public static Expr logSumExp(Expr x, boolean keepDims, int... axes) {
        return Apply.of(new LogSumExp(Axes.of("logSumExp", x.shape(), axes), keepDims), x);
    }
    /** The index of the first maximum along a NumPy axis. */
    public static Expr argmax(Expr x, int axis) {
        return Apply.of(new ArgMax(Shapes.axis("argmax", x.shape(), axis)), x);
    }
    /** x summed down to {@code target}; x itself if the shapes agree. */
    public static Expr sumTo(Expr x, Shape target) {
        return x.shape().equals(target) ? x : Apply.of(new SumTo(target), x);
    }
    /** x broadcast up to {@code target}; x itself if the shapes agree. */
    public static Expr broadcastTo(Expr x, Shape target) {
        return x.shape().equals(target) ? x : Apply.of(new BroadcastTo(target), x);
    }
    /** x summed along an axis with that axis kept (as size 1), so that it broadcasts against x. */
    public static Expr sumKeep(Expr x, int axis) {
        return sum(x, true, axis);
    }

    /** A reduction's result reshaped with its reduced axes as 1, so that it broadcasts against the input. */
    static Expr expand(Expr reduced, Shape input, Axes axes, boolean keptDims) {
        return keptDims ? reduced : reduced.reshape(axes.reduce("reshape", input, true));
    }

    private static Shape reduced(String name, List<Shape> s, Axes axes, boolean keepDims) {
        return axes.reduce(name, Shapes.arity(name, s, 1).head(), keepDims);
    }

    /** {@code sum(x)}, {@code sum(x, axis=1)}, {@code max(x, axis=(0, 2), keepdims)}. */
    static Notation call(String name, Axes axes, boolean keepDims) {
        String p = axes.equals(Axes.ALL) ? "" : "axis=" + axes;
        if (keepDims) {
            p = p.isEmpty() ? "keepdims" : p + ", keepdims";
        }
        return new Notation.Call(name, p);
    }

    private static int[] ones(int n) {
        int[] d = new int[n];
        java.util.Arrays.fill(d, 1);
        return d;
    }

    static IllegalStateException notDifferentiable(Primitive p) {
        return new IllegalStateException(p.name() + " is not differentiable; no rule should be asked of it");
    }
}
