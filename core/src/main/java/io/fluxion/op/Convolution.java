package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.op.internal.Shapes;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Two-dimensional convolution with PyTorch's layout and meaning ({@code torch.nn.functional.conv2d}:
 * a cross-correlation, images (N, C, H, W), kernel (O, C, kh, kw), zeros padded on each side),
 * and the two products that are its derivatives: the transposed convolution (its gradient with
 * respect to the images) and the kernel gradient. The three are bilinear, and the derivatives of
 * each are the other two, so convolutions differentiate to any order. Kernels: {@link ConvKernels}.
 */
public final class Convolution {
    private Convolution() {}

    /** Images (N, C, H, W) correlated with a kernel (O, C, kh, kw): (N, O, oh, ow). */
    public record Conv2d(int stride, int padding) implements Bilinear, AnyDType {
        @Override public String name() { return "conv2d"; }
        @Override public Notation notation() { return new Notation.Call("conv2d", params(stride, padding)); }
        @Override public Shape shape(List<Shape> s) {
            Shapes.arity("conv2d", s, 2);
            Shape x = s.get(0);
            Shape k = kernel("conv2d", s, s.get(1));
            if (x.rank() != 4) {
                throw Shapes.mismatch("conv2d", "needs images of shape (N, C, H, W), got images and kernel", s);
            }
            if (k.dim(1) != x.dim(1)) {
                throw Shapes.mismatch("conv2d", "the kernel's input channels (" + k.dim(1) + ") differ from the images' ("
                        + x.dim(1) + ") in images and kernel", s);
            }
            return Window.over("conv2d", x, k.dim(2), k.dim(3), stride, padding, "kernel").output(k.dim(0));
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { ConvKernels.conv2d(in[0], in[1], stride, padding, out); }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(ImageBatching.conv2d(node, b)); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            Shape x = node.arg(0).shape();
            Shape k = node.arg(1).shape();
            return arg == 0
                    ? Apply.of(new Conv2dTranspose(stride, padding, x.dim(2), x.dim(3)), ct, node.arg(1))
                    : Apply.of(new Conv2dKernelGrad(stride, padding, k.dim(2), k.dim(3)), node.arg(0), ct);
        }
    }

    /**
     * The transposed convolution of g (N, O, oh, ow) with a kernel (O, C, kh, kw), to images
     * (N, C, height, width): the gradient of {@link Conv2d} with respect to its images (PyTorch's
     * {@code conv_transpose2d}, with the output size given, as several sizes map to one oh × ow).
     */
    public record Conv2dTranspose(int stride, int padding, int height, int width) implements Bilinear, AnyDType {
        @Override public String name() { return "conv2dTranspose"; }
        @Override public Notation notation() {
            return new Notation.Call("conv2dTranspose", params(stride, padding) + ", size=" + height + "×" + width);
        }
        @Override public Shape shape(List<Shape> s) {
            Shapes.arity("conv2dTranspose", s, 2);
            Shape g = s.get(0);
            Shape k = kernel("conv2dTranspose", s, s.get(1));
            if (g.rank() != 4 || g.dim(1) != k.dim(0)) {
                throw Shapes.mismatch("conv2dTranspose", "needs outputs (N, O, oh, ow) with the kernel's O = " + k.dim(0)
                        + ", got outputs and kernel", s);
            }
            Shape x = Shape.of(g.dim(0), k.dim(1), height, width);
            Window w = Window.over("conv2dTranspose", x, k.dim(2), k.dim(3), stride, padding, "kernel");
            if (w.oh() != g.dim(2) || w.ow() != g.dim(3)) {
                throw Shapes.mismatch("conv2dTranspose", "images of " + height + " × " + width + " give outputs of "
                        + w.oh() + " × " + w.ow() + ", not those of", s);
            }
            return x;
        }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            ConvKernels.conv2dTranspose(in[0], in[1], stride, padding, out);
        }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(ImageBatching.conv2dTranspose(node, b)); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            Shape k = node.arg(1).shape();
            return arg == 0
                    ? Apply.of(new Conv2d(stride, padding), ct, node.arg(1))
                    : Apply.of(new Conv2dKernelGrad(stride, padding, k.dim(2), k.dim(3)), ct, node.arg(0));
        }
    }

    /**
     * The gradient of {@link Conv2d} with respect to its kernel, (O, C, kh, kw), from the images x
     * (N, C, H, W) and the output's cotangent g (N, O, oh, ow): Σ over images and positions of g
     * times the patch under the window.
     */
    public record Conv2dKernelGrad(int stride, int padding, int kh, int kw) implements Bilinear, AnyDType {
        @Override public String name() { return "conv2dKernelGrad"; }
        @Override public Notation notation() {
            return new Notation.Call("conv2dKernelGrad", params(stride, padding) + ", kernel=" + kh + "×" + kw);
        }
        @Override public Shape shape(List<Shape> s) {
            Shapes.arity("conv2dKernelGrad", s, 2);
            Shape x = s.get(0);
            Shape g = s.get(1);
            Window w = Window.over("conv2dKernelGrad", x, kh, kw, stride, padding, "kernel");
            if (g.rank() != 4 || g.dim(0) != x.dim(0) || g.dim(2) != w.oh() || g.dim(3) != w.ow()) {
                throw Shapes.mismatch("conv2dKernelGrad", "needs outputs (" + x.dim(0) + ", O, " + w.oh() + ", " + w.ow()
                        + ") for images and a " + kh + " × " + kw + " kernel, got images and outputs", s);
            }
            return Shape.of(g.dim(1), x.dim(1), kh, kw);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            ConvKernels.conv2dKernelGrad(in[0], in[1], stride, padding, out);
        }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(ImageBatching.conv2dKernelGrad(node, b)); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            Shape x = node.arg(0).shape();
            return arg == 0
                    ? Apply.of(new Conv2dTranspose(stride, padding, x.dim(2), x.dim(3)), node.arg(1), ct)
                    : Apply.of(new Conv2d(stride, padding), node.arg(0), ct);
        }
    }

    /**
     * x (N, C, H, W) correlated with {@code kernel} (O, C, kh, kw), moving {@code stride} positions
     * at a time over x padded with {@code padding} zeros on each side: (N, O, oh, ow), as
     * {@code torch.nn.functional.conv2d(x, kernel, stride=stride, padding=padding)}.
     */
    public static Expr conv2d(Expr x, Expr kernel, int stride, int padding) {
        Window.checkSteps("conv2d", stride, padding);
        return Apply.of(new Conv2d(stride, padding), x, kernel);
    }

    /**
     * The transposed convolution of g (N, O, oh, ow) with {@code kernel} (O, C, kh, kw) to images of
     * {@code height} × {@code width}: the gradient of {@link #conv2d} with respect to x.
     */
    public static Expr conv2dTranspose(Expr g, Expr kernel, int stride, int padding, int height, int width) {
        Window.checkSteps("conv2dTranspose", stride, padding);
        return Apply.of(new Conv2dTranspose(stride, padding, height, width), g, kernel);
    }

    private static Shape kernel(String op, List<Shape> s, Shape k) {
        if (k.rank() != 4) {
            throw Shapes.mismatch(op, "needs a kernel of shape (O, C, kh, kw), got a kernel of rank " + k.rank() + " in", s);
        }
        return k;
    }

    private static String params(int stride, int padding) {
        return "stride=" + stride + ", padding=" + padding;
    }
}
