// float32: FloatConvKernels is generated from this file (core/src/build).
package io.fluxion.op;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Blas;
import io.fluxion.tensor.internal.Storage;
import java.util.Arrays;

/**
 * The kernels of {@link Convolution}, each a BLAS product per image around a copy: the image's
 * patches laid out as columns (im2col: one column of C·kh·kw elements per window position, zeros
 * where the window hangs over the padding), so that an image's convolution is the product of the
 * kernel, (O, C·kh·kw), with its columns, (C·kh·kw, oh·ow), straight into the (O, oh, ow) layout.
 * The input's gradient is the transposed product added back into the image (col2im), the kernel's
 * the sum over images of their outputs' cotangent times their columns.
 *
 * <p>One image's columns at a time (at most a few hundred KB, so they stay in the cache between
 * the copy and the product), and the images cut into parts of a fixed size that depends on the
 * shapes alone, run on {@link Blas#parallel()}: images are apart, so a convolution's and a
 * transposed convolution's bits do not depend on the parts; the kernel gradient sums each part's
 * images in order and then the parts in order, so its bits depend on the shapes, never on the
 * threads. Each part allocates its own columns, so concurrent runs share nothing.
 */
final class ConvKernels {
    /** Multiply-adds per part: enough to outweigh handing a part to another thread. */
    static final long PART_WORK = 1L << 18;

    private ConvKernels() {}

    /** out (N, O, oh, ow) = x (N, C, H, W) correlated with k (O, C, kh, kw). */
    static void conv2d(Tensor x, Tensor k, int stride, int padding, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatConvKernels.conv2d(x, k, stride, padding, out); return; }
        Window g = window(x.shape(), k.shape(), stride, padding);
        int o = k.shape().dim(0);
        double[] xa = Storage.read(x);
        double[] ka = Storage.read(k);
        double[] z = Storage.write(out);
        int p = g.positions();
        int patch = g.patch();
        if (patch == 0) {
            Arrays.fill(z, 0.0);
            return;
        }
        int per = imagesPerPart(g, o);
        Blas.parallel().run(parts(g, per), part -> {
            double[] cols = new double[patch * p];
            for (int i = part * per; i < Math.min(g.n(), (part + 1) * per); i++) {
                columns(xa, i * g.c() * g.h() * g.w(), g, cols);
                Blas.gemm(ka, 0, false, cols, 0, false, o, p, patch, z, i * o * p);
            }
        });
    }

    /**
     * out (N, C, H, W) = the transposed convolution of g (N, O, oh, ow) with k (O, C, kh, kw): the
     * gradient of a convolution with respect to its images, whose shape out gives.
     */
    static void conv2dTranspose(Tensor gy, Tensor k, int stride, int padding, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatConvKernels.conv2dTranspose(gy, k, stride, padding, out); return; }
        Window g = window(out.shape(), k.shape(), stride, padding);
        int o = k.shape().dim(0);
        int p = g.positions();
        int patch = g.patch();
        double[] ga = Storage.read(gy);
        double[] ka = Storage.read(k);
        double[] z = Storage.write(out);
        Arrays.fill(z, 0.0);
        if (patch == 0 || o == 0) {
            return;
        }
        int per = imagesPerPart(g, o);
        int image = g.c() * g.h() * g.w();
        Blas.parallel().run(parts(g, per), part -> {
            double[] cols = new double[patch * p];
            for (int i = part * per; i < Math.min(g.n(), (part + 1) * per); i++) {
                // the image's columns = kᵀ (C·kh·kw, O) · g_i (O, P)
                Blas.gemm(ka, 0, true, ga, i * o * p, false, patch, p, o, cols, 0);
                addColumns(cols, g, z, i * image);
            }
        });
    }

    /**
     * out (O, C, kh, kw) = the gradient of a convolution of x (N, C, H, W) with respect to its
     * kernel, given the output's cotangent g (N, O, oh, ow): Σ over images of g_i (O, P) · cols_iᵀ.
     */
    static void conv2dKernelGrad(Tensor x, Tensor gy, int stride, int padding, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatConvKernels.conv2dKernelGrad(x, gy, stride, padding, out); return; }
        Window g = window(x.shape(), out.shape(), stride, padding);
        int o = out.shape().dim(0);
        int p = g.positions();
        int patch = g.patch();
        double[] xa = Storage.read(x);
        double[] ga = Storage.read(gy);
        double[] z = Storage.write(out);
        Arrays.fill(z, 0.0);
        if (patch == 0 || o == 0 || g.n() == 0) {
            return;
        }
        int per = imagesPerPart(g, o);
        int parts = parts(g, per);
        double[][] sums = new double[parts][];
        Blas.parallel().run(parts, part -> {
            double[] cols = new double[patch * p];
            double[] sum = parts == 1 ? z : new double[o * patch];
            for (int i = part * per; i < Math.min(g.n(), (part + 1) * per); i++) {
                columns(xa, i * g.c() * g.h() * g.w(), g, cols);
                Blas.gemmAdd(ga, i * o * p, false, cols, 0, true, o, patch, p, sum, 0);
            }
            sums[part] = sum;
        });
        if (parts > 1) {
            for (double[] sum : sums) {
                for (int j = 0; j < z.length; j++) {
                    z[j] += sum[j];
                }
            }
        }
    }

    /** The window of kernel k (O, C, kh, kw) over images x (N, C, H, W). */
    private static Window window(Shape x, Shape k, int stride, int padding) {
        return new Window(x.dim(0), x.dim(1), x.dim(2), x.dim(3), k.dim(2), k.dim(3), stride, padding);
    }

    /** Images per part: about {@link #PART_WORK} multiply-adds, from the shapes alone. */
    static int imagesPerPart(Window g, int o) {
        long perImage = Math.max(1L, (long) o * g.patch() * g.positions());
        return (int) Math.max(1L, Math.min(Math.max(1, g.n()), PART_WORK / perImage));
    }

    private static int parts(Window g, int per) {
        return Math.max(1, (g.n() + per - 1) / per);
    }

    /**
     * The patches of the image at {@code from} in x as columns (im2col), into cols (C·kh·kw, oh·ow):
     * row (ch, a, b) holds, for each window position in row-major order, the element at row a and
     * column b of the window over channel ch, zero over the padding.
     */
    static void columns(double[] x, int from, Window g, double[] cols) {
        int oh = g.oh();
        int ow = g.ow();
        int h = g.h();
        int w = g.w();
        int s = g.stride();
        int pad = g.padding();
        int r = 0;
        for (int ch = 0; ch < g.c(); ch++) {
            int plane = from + ch * h * w;
            for (int a = 0; a < g.kh(); a++) {
                for (int b = 0; b < g.kw(); b++, r++) {
                    int lo = Math.min(ow, firstInside(b - pad, s));
                    int hi = Math.max(lo, Math.min(ow, lastInside(b - pad, s, w) + 1));
                    for (int y = 0; y < oh; y++) {
                        int at = (r * oh + y) * ow;
                        int row = y * s - pad + a;
                        if (row < 0 || row >= h) {
                            Arrays.fill(cols, at, at + ow, 0.0);
                            continue;
                        }
                        // loops rather than fill and arraycopy: the stretches are short (an output row)
                        for (int xo = 0; xo < lo; xo++) {
                            cols[at + xo] = 0.0;
                        }
                        for (int xo = hi; xo < ow; xo++) {
                            cols[at + xo] = 0.0;
                        }
                        int src = plane + row * w + b - pad;
                        if (s == 1) {
                            for (int xo = lo; xo < hi; xo++) {
                                cols[at + xo] = x[src + xo];
                            }
                        } else {
                            for (int xo = lo; xo < hi; xo++) {
                                cols[at + xo] = x[src + xo * s];
                            }
                        }
                    }
                }
            }
        }
    }

    /** The transpose of {@link #columns}: each column element added back where it came from (col2im), into z at {@code from}. */
    static void addColumns(double[] cols, Window g, double[] z, int from) {
        int oh = g.oh();
        int ow = g.ow();
        int h = g.h();
        int w = g.w();
        int s = g.stride();
        int pad = g.padding();
        int r = 0;
        for (int ch = 0; ch < g.c(); ch++) {
            int plane = from + ch * h * w;
            for (int a = 0; a < g.kh(); a++) {
                for (int b = 0; b < g.kw(); b++, r++) {
                    int lo = Math.min(ow, firstInside(b - pad, s));
                    int hi = Math.max(lo, Math.min(ow, lastInside(b - pad, s, w) + 1));
                    for (int y = 0; y < oh; y++) {
                        int row = y * s - pad + a;
                        if (row < 0 || row >= h) {
                            continue;
                        }
                        int at = (r * oh + y) * ow;
                        int dst = plane + row * w + b - pad;
                        if (s == 1) {
                            for (int xo = lo; xo < hi; xo++) {
                                z[dst + xo] += cols[at + xo];
                            }
                        } else {
                            for (int xo = lo; xo < hi; xo++) {
                                z[dst + xo * s] += cols[at + xo];
                            }
                        }
                    }
                }
            }
        }
    }

    /** The first window position xo with xo·s + shift ≥ 0. */
    private static int firstInside(int shift, int s) {
        return shift >= 0 ? 0 : (-shift + s - 1) / s;
    }

    /** The last window position xo with xo·s + shift ≤ w − 1 (negative when there is none). */
    private static int lastInside(int shift, int s, int w) {
        return Math.floorDiv(w - 1 - shift, s);
    }
}
