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
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Pooling over windows of size × size every {@code stride} positions of images (N, C, H, W), as
 * PyTorch's {@code max_pool2d} and {@code avg_pool2d} without padding: the maximum (whose
 * derivatives select and scatter through each window's maximum, PyTorch's single argmax) and the
 * mean (linear, whose transpose spreads each cotangent over its window). Each derivative is itself
 * a primitive with derivatives. Kernels: {@link PoolKernels}.
 */
public final class Pooling {
    private Pooling() {}

    /** The maximum of each window: (N, C, oh, ow). */
    public record MaxPool2d(int size, int stride) implements Primitive, AnyDType {
        @Override public String name() { return "maxPool2d"; }
        @Override public Notation notation() { return new Notation.Call("maxPool2d", params(size, stride)); }
        @Override public Shape shape(List<Shape> s) { return pooled("maxPool2d", Shapes.arity("maxPool2d", s, 1).head(), size, stride); }
        @Override public void applyInto(Tensor[] in, Buffer out) { PoolKernels.maxPool(in[0], size, stride, out); }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(ImageBatching.perImage(node, b)); }
        @Override public Expr jvp(Apply node, int arg, Expr t) { return Apply.of(new MaxPool2dSelect(size, stride), node.arg(0), t); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) { return Apply.of(new MaxPool2dScatter(size, stride), node.arg(0), ct); }
    }

    /**
     * The second argument t (of the images' shape) at each window's maximum of the first, x: the
     * tangent of max pooling. Linear in t; x only chooses, so no derivative flows through it.
     */
    public record MaxPool2dSelect(int size, int stride) implements Primitive, AnyDType {
        @Override public String name() { return "maxPool2dSelect"; }
        @Override public Notation notation() { return new Notation.Call("maxPool2dSelect", params(size, stride)); }
        @Override public Shape shape(List<Shape> s) {
            Shape x = sameImages("maxPool2dSelect", s);
            return pooled("maxPool2dSelect", x, size, stride);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { PoolKernels.maxPoolSelect(in[0], in[1], size, stride, out); }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(ImageBatching.perImage(node, b)); }
        @Override public boolean differentiable(int arg) { return arg == 1; }
        @Override public Expr jvp(Apply node, int arg, Expr t) { return Apply.of(this, node.arg(0), t); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) { return Apply.of(new MaxPool2dScatter(size, stride), node.arg(0), ct); }
    }

    /**
     * Zeros of the shape of the images x (first argument) with each element of g (second, the
     * pooled shape) added at its window's maximum of x: the cotangent of max pooling, the
     * transpose of {@link MaxPool2dSelect}. Linear in g.
     */
    public record MaxPool2dScatter(int size, int stride) implements Primitive, AnyDType {
        @Override public String name() { return "maxPool2dScatter"; }
        @Override public Notation notation() { return new Notation.Call("maxPool2dScatter", params(size, stride)); }
        @Override public Shape shape(List<Shape> s) {
            Shapes.arity("maxPool2dScatter", s, 2);
            Shape x = s.get(0);
            Shape pooled = pooled("maxPool2dScatter", x, size, stride);
            if (!s.get(1).equals(pooled)) {
                throw Shapes.mismatch("maxPool2dScatter", "needs a cotangent of the pooled shape " + pooled
                        + ", got images and cotangent", s);
            }
            return x;
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { PoolKernels.maxPoolScatter(in[0], in[1], size, stride, out); }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(ImageBatching.perImage(node, b)); }
        @Override public boolean differentiable(int arg) { return arg == 1; }
        @Override public Expr jvp(Apply node, int arg, Expr t) { return Apply.of(this, node.arg(0), t); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) { return Apply.of(new MaxPool2dSelect(size, stride), node.arg(0), ct); }
    }

    /** The mean of each window: (N, C, oh, ow). */
    public record AvgPool2d(int size, int stride) implements Linear, AnyDType {
        @Override public String name() { return "avgPool2d"; }
        @Override public Notation notation() { return new Notation.Call("avgPool2d", params(size, stride)); }
        @Override public Shape shape(List<Shape> s) { return pooled("avgPool2d", Shapes.arity("avgPool2d", s, 1).head(), size, stride); }
        @Override public void applyInto(Tensor[] in, Buffer out) { PoolKernels.avgPool(in[0], size, stride, out); }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(ImageBatching.perImage(node, b)); }
        @Override public Expr transpose(Apply node, Expr ct) {
            Shape x = node.arg(0).shape();
            return Apply.of(new AvgPool2dTranspose(size, stride, x.dim(2), x.dim(3)), ct);
        }
    }

    /**
     * The transpose of {@link AvgPool2d} to images of {@code height} × {@code width}: each element
     * divided by size² and added over its window.
     */
    public record AvgPool2dTranspose(int size, int stride, int height, int width) implements Linear, AnyDType {
        @Override public String name() { return "avgPool2dTranspose"; }
        @Override public Notation notation() {
            return new Notation.Call("avgPool2dTranspose", params(size, stride) + ", size=" + height + "×" + width);
        }
        @Override public Shape shape(List<Shape> s) {
            Shape g = Shapes.arity("avgPool2dTranspose", s, 1).head();
            if (g.rank() != 4) {
                throw new ShapeException("avgPool2dTranspose: needs pooled images (N, C, oh, ow), got " + g);
            }
            Shape x = Shape.of(g.dim(0), g.dim(1), height, width);
            Shape pooled = pooled("avgPool2dTranspose", x, size, stride);
            if (!pooled.equals(g)) {
                throw new ShapeException("avgPool2dTranspose: images of " + height + " × " + width + " pool to "
                        + pooled + ", not " + g);
            }
            return x;
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { PoolKernels.avgPoolTranspose(in[0], size, stride, out); }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(ImageBatching.perImage(node, b)); }
        @Override public Expr transpose(Apply node, Expr ct) { return Apply.of(new AvgPool2d(size, stride), ct); }
    }

    /** The maximum of each size × size window of x (N, C, H, W), every {@code stride} positions. */
    public static Expr maxPool2d(Expr x, int size, int stride) {
        checkWindow("maxPool2d", size, stride);
        return Apply.of(new MaxPool2d(size, stride), x);
    }

    /** The mean of each size × size window of x (N, C, H, W), every {@code stride} positions. */
    public static Expr avgPool2d(Expr x, int size, int stride) {
        checkWindow("avgPool2d", size, stride);
        return Apply.of(new AvgPool2d(size, stride), x);
    }

    private static void checkWindow(String op, int size, int stride) {
        if (size < 1) {
            throw new ShapeException(op + ": the window size must be at least 1, got " + size);
        }
        Window.checkSteps(op, stride, 0);
    }

    /** The pooled shape of images x, or an error naming the operation and the shape. */
    private static Shape pooled(String op, Shape x, int size, int stride) {
        checkWindow(op, size, stride);
        return Window.over(op, x, size, size, stride, 0, "window").output(x.dim(1));
    }

    private static Shape sameImages(String op, List<Shape> s) {
        Shapes.arity(op, s, 2);
        if (!s.get(0).equals(s.get(1))) {
            throw Shapes.mismatch(op, "needs a tangent of the images' shape, got images and tangent", s);
        }
        return s.get(0);
    }

    private static String params(int size, int stride) {
        return "size=" + size + ", stride=" + stride;
    }
}
