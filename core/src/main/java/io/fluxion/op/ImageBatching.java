package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Expr;
import io.fluxion.tensor.Shape;

/**
 * vmap's rules for the convolutions and pooling of images (N, C, H, W) (see
 * {@link io.fluxion.expr.Primitive#batch}). Every image of every example is pooled, and convolved
 * with a shared kernel, on its own, so a mapped batch of images (B, N, C, H, W) folds its
 * examples into N, (B·N, C, H, W). A mapped kernel cannot fold into N: each example's images meet
 * only its own kernel. So the examples go side by side along the channel axes, where a convolution
 * already sums or keeps channels apart: a kernel mapped against shared images adds output (or
 * input) channels, B·O, exactly; when both are mapped the kernel is block-diagonal over the
 * examples, (B·O, B·C, kh, kw) with zero blocks between examples (as a grouped convolution of B
 * groups would compute it, at B times its arithmetic), and the kernel gradient of both mapped keeps
 * the diagonal blocks of the (B·O, B·C) one. Each rule is one application of the same primitive.
 */
final class ImageBatching {
    private ImageBatching() {}

    /** The rule of a primitive that treats each image apart (pooling and its derivatives): every argument folded into N. */
    static Expr perImage(Apply node, Batch b) {
        Expr[] args = new Expr[b.arity()];
        for (int i = 0; i < args.length; i++) {
            args[i] = foldIntoN(b.stacked(i));
        }
        return unfoldN(Apply.of(node.op(), args), b.size());
    }

    /** conv2d of images (N, C, H, W) and a kernel (O, C, kh, kw), either or both mapped. */
    static Expr conv2d(Apply node, Batch b) {
        int n = b.size();
        if (!b.mapped(1)) {
            return unfoldN(Apply.of(node.op(), foldIntoN(b.arg(0)), b.arg(1)), n);
        }
        if (!b.mapped(0)) {
            return unfoldChannels(Apply.of(node.op(), b.arg(0), foldIntoN(b.arg(1))), n);
        }
        return unfoldChannels(Apply.of(node.op(), foldIntoChannels(b.arg(0)), blockDiagonal(b.arg(1))), n);
    }

    /** conv2dTranspose of outputs g (N, O, oh, ow) and a kernel (O, C, kh, kw), either or both mapped. */
    static Expr conv2dTranspose(Apply node, Batch b) {
        int n = b.size();
        if (!b.mapped(1)) {
            return unfoldN(Apply.of(node.op(), foldIntoN(b.arg(0)), b.arg(1)), n);
        }
        if (!b.mapped(0)) {
            return unfoldChannels(Apply.of(node.op(), b.arg(0), foldIntoChannels(b.arg(1))), n);
        }
        return unfoldChannels(Apply.of(node.op(), foldIntoChannels(b.arg(0)), blockDiagonal(b.arg(1))), n);
    }

    /**
     * conv2dKernelGrad of images x (N, C, H, W) and outputs g (N, O, oh, ow), either or both mapped:
     * it sums over N, so examples go along C (mapped x), O (mapped g), or both, keeping the
     * diagonal blocks, each example's images against its own outputs.
     */
    static Expr conv2dKernelGrad(Apply node, Batch b) {
        int n = b.size();
        Expr x = b.mapped(0) ? foldIntoChannels(b.arg(0)) : b.arg(0);
        Expr g = b.mapped(1) ? foldIntoChannels(b.arg(1)) : b.arg(1);
        Expr k = Apply.of(node.op(), x, g);
        if (!b.mapped(1)) {
            return unfoldChannels(k, n);
        }
        return b.mapped(0) ? diagonalBlocks(k, n) : unfoldN(k, n);
    }

    /** A mapped (B, N, ...) as one batch (B·N, ...). */
    private static Expr foldIntoN(Expr x) {
        Shape s = x.shape();
        return x.reshape(Shape.vector(s.dim(0) * s.dim(1)).concat(s.drop(2)));
    }

    /** (B·N, ...) split back into the mapped (B, N, ...). */
    private static Expr unfoldN(Expr y, int examples) {
        Shape s = y.shape();
        return y.reshape(Shape.matrix(examples, s.dim(0) / examples).concat(s.drop(1)));
    }

    /** A mapped (B, N, C, ...) as (N, B·C, ...): each example's channels side by side. */
    private static Expr foldIntoChannels(Expr x) {
        Shape s = x.shape();
        return Batching.moveAxis(x, 0, 1).reshape(Shape.vector(s.dim(1)).concat(Shape.vector(s.dim(0) * s.dim(2)))
                .concat(s.drop(3)));
    }

    /** (N, B·C, ...) back to the mapped (B, N, C, ...). */
    private static Expr unfoldChannels(Expr y, int examples) {
        Shape s = y.shape();
        Expr split = y.reshape(Shape.vector(s.dim(0)).concat(Shape.matrix(examples, s.dim(1) / examples)).concat(s.drop(2)));
        return Batching.moveAxis(split, 1, 0);
    }

    /**
     * A mapped kernel (B, O, C, kh, kw) as one (B·O, B·C, kh, kw) whose block (b, b') is example b's
     * kernel when b = b' and zeros otherwise, built by diagEmbed (no constant, so the dtype stays).
     */
    private static Expr blockDiagonal(Expr k) {
        Shape s = k.shape();
        Expr diag = k.transpose(1, 2, 3, 4, 0).diagEmbed();
        return diag.transpose(4, 0, 5, 1, 2, 3).reshape(s.dim(0) * s.dim(1), s.dim(0) * s.dim(2), s.dim(3), s.dim(4));
    }

    /** The diagonal blocks of a kernel (B·O, B·C, kh, kw) as the mapped (B, O, C, kh, kw). */
    private static Expr diagonalBlocks(Expr k, int examples) {
        Shape s = k.shape();
        Expr blocks = k.reshape(examples, s.dim(0) / examples, examples, s.dim(1) / examples, s.dim(2), s.dim(3));
        return blocks.transpose(1, 3, 4, 5, 0, 2).diagonal().transpose(4, 0, 1, 2, 3);
    }
}
