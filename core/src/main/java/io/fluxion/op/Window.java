package io.fluxion.op;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;

/**
 * The geometry of a sliding window over the last two axes of a batch of images (N, C, H, W), as
 * PyTorch's {@code Conv2d} and pooling layers slide theirs: a window of kh × kw at every
 * {@code stride} positions over the image padded with {@code padding} zeros on each side, giving
 * an output of oh × ow positions, {@code (H + 2·padding − kh) / stride + 1} rounded down (the
 * rows and columns a last window would only partly cover are left out, as PyTorch does).
 *
 * @param n the images
 * @param c the channels of each image
 * @param h the height of each image
 * @param w the width of each image
 * @param kh the window's height
 * @param kw the window's width
 * @param stride the step between windows
 * @param padding the zeros added on each side
 */
record Window(int n, int c, int h, int w, int kh, int kw, int stride, int padding) {

    /** The number of window positions down the image. */
    int oh() {
        return (h + 2 * padding - kh) / stride + 1;
    }

    /** The number of window positions across the image. */
    int ow() {
        return (w + 2 * padding - kw) / stride + 1;
    }

    /** The window positions of one image, oh · ow. */
    int positions() {
        return oh() * ow();
    }

    /** The elements under one window over every channel, c · kh · kw. */
    int patch() {
        return c * kh * kw;
    }

    /**
     * The window of {@code kh × kw} over images of shape x, which must be (N, C, H, W) and at least
     * as large as the window once padded; otherwise an error naming the operation and the shapes.
     */
    static Window over(String op, Shape x, int kh, int kw, int stride, int padding, String window) {
        if (x.rank() != 4) {
            throw new ShapeException(op + ": needs images of shape (N, C, H, W), got " + x + " (rank " + x.rank() + ")");
        }
        checkSteps(op, stride, padding);
        if (kh < 1 || kw < 1) {
            throw new ShapeException(op + ": the window must be at least 1 × 1, got " + kh + " × " + kw);
        }
        if (x.dim(2) + 2 * padding < kh || x.dim(3) + 2 * padding < kw) {
            throw new ShapeException(op + ": the " + window + " (" + kh + " × " + kw + ") is larger than the images "
                    + x + (padding > 0 ? " padded by " + padding : "") + ": no position to place it");
        }
        return new Window(x.dim(0), x.dim(1), x.dim(2), x.dim(3), kh, kw, stride, padding);
    }

    /** A stride of at least 1 and a padding of at least 0, or an error naming the operation. */
    static void checkSteps(String op, int stride, int padding) {
        if (stride < 1) {
            throw new ShapeException(op + ": the stride must be at least 1, got " + stride);
        }
        if (padding < 0) {
            throw new ShapeException(op + ": the padding must be at least 0, got " + padding);
        }
    }

    /** The output's shape (N, channels, oh, ow). */
    Shape output(int channels) {
        return Shape.of(n, channels, oh(), ow());
    }
}
