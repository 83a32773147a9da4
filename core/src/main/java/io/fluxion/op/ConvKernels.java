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
 * The kernels of {@link Convolution}, each one or two BLAS products around a copy: the images'
 * patches laid out as rows (im2row: one row of C·kh·kw elements per window position of each
 * image, zeros where the window hangs over the padding), so that a convolution is the product of
 * the kernel, (O, C·kh·kw), with those rows, per image straight into the (N, O, oh, ow) layout.
 * The input's gradient is the transposed product scattered back (row2im), the kernel's one product
 * over the rows of every image. Each call allocates its own rows, so concurrent runs share nothing.
 */
final class ConvKernels {
    private ConvKernels() {}

    /** out (N, O, oh, ow) = x (N, C, H, W) correlated with k (O, C, kh, kw). */
    static void conv2d(Tensor x, Tensor k, int stride, int padding, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatConvKernels.conv2d(x, k, stride, padding, out); return; }
        Window g = window(x.shape(), k.shape(), stride, padding);
        int o = k.shape().dim(0);
        double[] rows = rows(Storage.read(x), g);
        int p = g.positions();
        int patch = g.patch();
        Blas.gemms(Storage.read(k), new int[g.n()], false, rows, offsets(g.n(), p * patch), true, o, p, patch,
                Storage.write(out), g.n());
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
        double[] rows = new double[g.n() * p * patch];
        // rows of image i = g_iᵀ (P, O) · k (O, C·kh·kw)
        Blas.gemms(Storage.read(gy), offsets(g.n(), o * p), true, Storage.read(k), new int[g.n()], false, p, patch, o,
                rows, g.n());
        double[] z = Storage.write(out);
        Arrays.fill(z, 0.0);
        scatterRows(rows, g, z);
    }

    /**
     * out (O, C, kh, kw) = the gradient of a convolution of x (N, C, H, W) with respect to its
     * kernel, given the output's cotangent g (N, O, oh, ow): Σ over images of g_i (O, P) · rows_i.
     */
    static void conv2dKernelGrad(Tensor x, Tensor gy, int stride, int padding, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatConvKernels.conv2dKernelGrad(x, gy, stride, padding, out); return; }
        Window g = window(x.shape(), out.shape(), stride, padding);
        int o = out.shape().dim(0);
        int p = g.positions();
        double[] rows = rows(Storage.read(x), g);
        // g as (O, N·P), so that the sum over images is the inner dimension of one product.
        double[] gy0 = Storage.read(gy);
        double[] gt = new double[o * g.n() * p];
        for (int i = 0; i < g.n(); i++) {
            for (int q = 0; q < o; q++) {
                System.arraycopy(gy0, (i * o + q) * p, gt, (q * g.n() + i) * p, p);
            }
        }
        Blas.gemm(gt, 0, false, rows, 0, false, o, g.patch(), g.n() * p, Storage.write(out), 0);
    }

    /** The window of kernel k (O, C, kh, kw) over images x (N, C, H, W). */
    private static Window window(Shape x, Shape k, int stride, int padding) {
        return new Window(x.dim(0), x.dim(1), x.dim(2), x.dim(3), k.dim(2), k.dim(3), stride, padding);
    }

    /** 0, step, 2·step, …: the offsets of count equal blocks. */
    private static int[] offsets(int count, int step) {
        int[] at = new int[count];
        for (int i = 0; i < count; i++) {
            at[i] = i * step;
        }
        return at;
    }

    /**
     * The patches as rows (im2row): row (i, y, x) holds, channel by channel and row by row of the
     * window, the elements of image i under the window at position (y, x), zero over the padding.
     */
    static double[] rows(double[] x, Window g) {
        int oh = g.oh();
        int ow = g.ow();
        int kh = g.kh();
        int kw = g.kw();
        int h = g.h();
        int w = g.w();
        double[] rows = new double[g.n() * g.positions() * g.patch()];
        int r = 0;
        for (int i = 0; i < g.n(); i++) {
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    int top = y * g.stride() - g.padding();
                    int left = xo * g.stride() - g.padding();
                    for (int ch = 0; ch < g.c(); ch++) {
                        int plane = (i * g.c() + ch) * h * w;
                        for (int a = 0; a < kh; a++) {
                            int row = top + a;
                            if (row < 0 || row >= h) {
                                r += kw; // zeros: the array is fresh
                                continue;
                            }
                            int base = plane + row * w;
                            for (int b = 0; b < kw; b++) {
                                int col = left + b;
                                rows[r++] = col >= 0 && col < w ? x[base + col] : 0.0;
                            }
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** The transpose of {@link #rows}: each row's elements added back where they came from (row2im), into z. */
    static void scatterRows(double[] rows, Window g, double[] z) {
        int oh = g.oh();
        int ow = g.ow();
        int kh = g.kh();
        int kw = g.kw();
        int h = g.h();
        int w = g.w();
        int r = 0;
        for (int i = 0; i < g.n(); i++) {
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    int top = y * g.stride() - g.padding();
                    int left = xo * g.stride() - g.padding();
                    for (int ch = 0; ch < g.c(); ch++) {
                        int plane = (i * g.c() + ch) * h * w;
                        for (int a = 0; a < kh; a++) {
                            int row = top + a;
                            if (row < 0 || row >= h) {
                                r += kw;
                                continue;
                            }
                            int base = plane + row * w;
                            for (int b = 0; b < kw; b++) {
                                int col = left + b;
                                if (col >= 0 && col < w) {
                                    z[base + col] += rows[r];
                                }
                                r++;
                            }
                        }
                    }
                }
            }
        }
    }
}
