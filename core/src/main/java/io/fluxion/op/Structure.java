package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.op.internal.Shapes;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Kernels;
import io.fluxion.tensor.internal.Lanes;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Operations that move elements without arithmetic: reshape, slice, pad, concatenate, take
 * (gather) and its transpose, one-hot, where, stop-gradient. Those with parameters are records.
 */
public final class Structure {
    private Structure() {}

    /** The identity through which no derivative flows. */
    public static final Op STOP_GRADIENT = Op.constant("stopGradient", Notation.call("stopGradient"),
            Shapes.same("stopGradient"), (in, out) -> Kernels.copy(in[0], out)).withFloat32()
            .withBatchRule(Op.BatchRule.ELEMENTWISE);

    /**
     * Where the condition (first argument) is non-zero the second argument, else the third. The
     * two values decide the dtype; the condition is converted to it.
     */
    public static final Op WHERE = Op.of("where", Notation.call("where"), Shapes.broadcast("where", 3),
                    (in, out) -> Kernels.select(in[0], in[1], in[2], out),
                    (node, arg, t) -> arg == 1 ? where(node.arg(0), t, Const.of(0)) : where(node.arg(0), Const.of(0), t),
                    (node, arg, ct) -> (arg == 1 ? where(node.arg(0), ct, Const.of(0)) : where(node.arg(0), Const.of(0), ct))
                            .sumTo(node.arg(arg).shape()))
            .differentiableOnly(i -> i > 0)
            .promotingOnly(i -> i > 0)
            .withBlockKernel(BlockKernels.SELECT, FloatBlockKernels.SELECT)
            .withFloat32();

    /** The same elements in row-major order with another shape of the same size. */
    public record Reshape(Shape to) implements Linear, AnyDType {
        @Override public String name() { return "reshape"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(b.arg(0).reshape(Shape.vector(b.size()).concat(to)));
        }
        @Override public Notation notation() { return new Notation.Call("reshape", to.toString()); }
        @Override public Shape shape(List<Shape> s) {
            Shape from = Shapes.arity("reshape", s, 1).head();
            if (from.size() != to.size()) {
                throw new ShapeException("reshape: cannot reshape " + from + " (" + from.size()
                        + " elements) to " + to + " (" + to.size() + " elements)");
            }
            return to;
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { Kernels.copy(in[0], out); }
        @Override public Expr transpose(Apply node, Expr ct) { return ct.reshape(node.arg(0).shape()); }
        @Override public Option<Integer> flatShift(Apply node) { return Option.of(0); }
    }

    /** Elements {@code from} (inclusive) to {@code to} (exclusive) along an axis; the rank is kept. */
    public record Slice(int axis, int from, int to) implements Linear, AnyDType {
        @Override public String name() { return "slice"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(Apply.of(new Slice(axis + 1, from, to), b.arg(0)));
        }
        @Override public Notation notation() { return new Notation.Call("slice", "axis=" + axis + ", " + from + ":" + to); }
        @Override public Shape shape(List<Shape> s) {
            Shape x = Shapes.withAxis("slice", s, axis);
            if (from < 0 || to > x.dim(axis) || from >= to) {
                throw new ShapeException("slice: range " + from + ".." + to + " is not inside 0.." + x.dim(axis)
                        + " along axis " + axis + " of shape " + x);
            }
            return x.with(axis, to - from);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { StructureKernels.slice(in[0], axis, from, out); }
        @Override public Expr transpose(Apply node, Expr ct) { return pad(ct, axis, from, node.arg(0).shape().dim(axis)); }
        @Override public Option<Integer> flatShift(Apply node) { return leading(node.arg(0).shape(), axis, -from); }
    }

    /** x placed at {@code from} inside zeros of length {@code total} along an axis: the transpose of slice. */
    public record Pad(int axis, int from, int total) implements Linear, AnyDType {
        @Override public String name() { return "pad"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(Apply.of(new Pad(axis + 1, from, total), b.arg(0)));
        }
        @Override public Notation notation() { return new Notation.Call("pad", "axis=" + axis + ", " + from + ", " + total); }
        @Override public Shape shape(List<Shape> s) {
            Shape x = Shapes.withAxis("pad", s, axis);
            if (from < 0 || from + x.dim(axis) > total) {
                throw new ShapeException("pad: cannot place length " + x.dim(axis) + " at " + from + " inside " + total
                        + " along axis " + axis + " of shape " + x);
            }
            return x.with(axis, total);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { StructureKernels.pad(in[0], axis, from, out); }
        @Override public Expr transpose(Apply node, Expr ct) {
            return ct.slice(axis, from, from + node.arg(0).shape().dim(axis));
        }
        @Override public Option<Integer> flatShift(Apply node) { return leading(node.shape(), axis, from); }
    }

    /**
     * The flat shift of a slice or pad by {@code by} along an axis of {@code s}, when every axis
     * before it has length 1, so that the moved elements are one contiguous run.
     */
    private static Option<Integer> leading(Shape s, int axis, int by) {
        Lanes l = Lanes.of(s, axis);
        return l.outer() == 1 ? Option.of(by * l.inner()) : Option.none();
    }

    /** The arguments joined along an axis; all other dimensions must agree. Linear in each argument. */
    public record Concat(int axis) implements Primitive, AnyDType {
        @Override public String name() { return "concat"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.alongAxis(b, axis, Concat::new)); }
        @Override public Notation notation() { return new Notation.Call("concat", "axis=" + axis); }
        @Override public Shape shape(List<Shape> s) {
            if (s.isEmpty()) {
                throw new ShapeException("concat: needs at least one part");
            }
            Shape first = s.head();
            if (axis >= first.rank()) {
                throw Shapes.mismatch("concat", "axis " + axis + " is out of range for", s);
            }
            int total = 0;
            for (Shape x : s) {
                if (x.rank() != first.rank() || !x.with(axis, 1).equals(first.with(axis, 1))) {
                    throw Shapes.mismatch("concat", "parts must agree except along axis " + axis + ", got", s);
                }
                total += x.dim(axis);
            }
            return first.with(axis, total);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { StructureKernels.concat(in, axis, out); }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            return pad(t, axis, offset(node, arg), node.shape().dim(axis));
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            int from = offset(node, arg);
            return ct.slice(axis, from, from + node.arg(arg).shape().dim(axis));
        }
        private int offset(Apply node, int arg) {
            int o = 0;
            for (int i = 0; i < arg; i++) {
                o += node.arg(i).shape().dim(axis);
            }
            return o;
        }
    }

    /**
     * Elements of x at integer {@code indices} along an axis (NumPy's {@code take}, a gather): the
     * result has shape {@code x.shape[:axis] + indices.shape + x.shape[axis+1:]}. Linear in x; the
     * indices are not differentiable and take x's dtype (exact for indices below 2²⁴ in float32).
     */
    public record Take(int axis) implements Primitive, AnyDType {
        @Override public String name() { return "take"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.take(axis, b)); }
        @Override public Notation notation() { return new Notation.Call("take", "axis=" + axis); }
        @Override public Shape shape(List<Shape> s) {
            Shapes.arity("take", s, 2);
            Shape x = Shapes.withAxis("take", s.take(1), axis);
            return x.take(axis).concat(s.get(1)).concat(x.drop(axis + 1));
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { StructureKernels.take(in[0], in[1], axis, out); }
        @Override public boolean differentiable(int arg) { return arg == 0; }
        @Override public boolean promotes(int arg) { return arg == 0; }
        @Override public Expr jvp(Apply node, int arg, Expr t) { return Apply.of(this, t, node.arg(1)); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            return Apply.of(new ScatterAdd(axis, node.arg(0).shape().dim(axis)), ct, node.arg(1));
        }
    }

    /**
     * The transpose of {@link Take}: zeros of length {@code length} along the axis, with each slice
     * of the first argument added at its index (repeated indices accumulate).
     */
    public record ScatterAdd(int axis, int length) implements Primitive, AnyDType {
        @Override public String name() { return "scatterAdd"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.scatterAdd(axis, length, b)); }
        @Override public Notation notation() { return new Notation.Call("scatterAdd", "axis=" + axis + ", " + length); }
        @Override public Shape shape(List<Shape> s) {
            Shapes.arity("scatterAdd", s, 2);
            Shape g = s.get(0);
            int k = s.get(1).rank();
            if (g.rank() < axis + k || !g.drop(axis).take(k).equals(s.get(1))) {
                throw Shapes.mismatch("scatterAdd", "needs values shaped around the indices at axis " + axis + ", got", s);
            }
            return g.take(axis).concat(Shape.vector(length)).concat(g.drop(axis + k));
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { StructureKernels.scatterAdd(in[0], in[1], axis, out); }
        @Override public boolean differentiable(int arg) { return arg == 0; }
        @Override public boolean promotes(int arg) { return arg == 0; }
        @Override public Expr jvp(Apply node, int arg, Expr t) { return Apply.of(this, t, node.arg(1)); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) { return Apply.of(new Take(axis), ct, node.arg(1)); }
    }

    /** One-hot vectors of width {@code classes} along a new last axis, from class indices (not differentiable). */
    public record OneHot(int classes) implements Primitive, AnyDType {
        @Override public String name() { return "oneHot"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.same(node, b)); }
        @Override public Notation notation() { return new Notation.Call("oneHot", Integer.toString(classes)); }
        @Override public Shape shape(List<Shape> s) {
            return Shapes.arity("oneHot", s, 1).head().concat(Shape.vector(classes));
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { StructureKernels.oneHot(in[0], out); }
        @Override public boolean differentiable(int arg) { return false; }
        @Override public Expr jvp(Apply node, int arg, Expr t) { throw Reduction.notDifferentiable(this); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) { throw Reduction.notDifferentiable(this); }
    }

    /** x, through which no derivative flows (JAX's {@code stop_gradient}, PyTorch's {@code detach}). */
    public static Expr stopGradient(Expr x) { return Apply.of(STOP_GRADIENT, x); }

    /** {@code ifTrue} where cond is non-zero, else {@code ifFalse}; all three broadcast. */
    public static Expr where(Expr cond, Expr ifTrue, Expr ifFalse) { return Apply.of(WHERE, cond, ifTrue, ifFalse); }

    /** x with another shape of the same size; x itself if the shapes agree. */
    public static Expr reshape(Expr x, Shape to) {
        return x.shape().equals(to) ? x : Apply.of(new Reshape(to), x);
    }

    /** Elements {@code from} to {@code to} (exclusive) along a NumPy axis. */
    public static Expr slice(Expr x, int axis, int from, int to) {
        return Apply.of(new Slice(Shapes.axis("slice", x.shape(), axis), from, to), x);
    }

    /** x placed at {@code from} inside zeros of length {@code total} along a NumPy axis. */
    public static Expr pad(Expr x, int axis, int from, int total) {
        return Apply.of(new Pad(Shapes.axis("pad", x.shape(), axis), from, total), x);
    }

    /** The parts joined along a NumPy axis. */
    public static Expr concat(int axis, List<Expr> parts) {
        if (parts.isEmpty()) {
            throw new ShapeException("concat: needs at least one part");
        }
        return Apply.of(new Concat(Shapes.axis("concat", parts.head().shape(), axis)), parts);
    }

    /** x at integer indices along a NumPy axis (a gather). */
    public static Expr take(Expr x, Expr indices, int axis) {
        return Apply.of(new Take(Shapes.axis("take", x.shape(), axis)), x, indices);
    }

    /** One-hot vectors of width {@code classes} from class indices, along a new last axis. */
    public static Expr oneHot(Expr indices, int classes) {
        if (classes < 1) {
            throw new ShapeException("oneHot: needs at least one class, got " + classes);
        }
        return Apply.of(new OneHot(classes), indices);
    }

    /** x with a new axis of length 1 at {@code axis} (NumPy's {@code expand_dims}). */
    public static Expr expandDims(Expr x, int axis) {
        return reshape(x, x.shape().expand(axis));
    }

    /** x without the axis {@code axis}, which must have length 1. */
    public static Expr squeeze(Expr x, int axis) {
        Shape s = x.shape();
        int a = Shapes.axis("squeeze", s, axis);
        if (s.dim(a) != 1) {
            throw new ShapeException("squeeze: axis " + axis + " of shape " + s + " has length " + s.dim(a) + ", not 1");
        }
        return reshape(x, s.without(a));
    }
}
