// float32: FloatPoolKernels is generated from this file (core/src/build).
package io.fluxion.op;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import java.util.Arrays;

/**
 * The kernels of {@link Pooling}: a window of size × size every {@code stride} positions over each
 * plane of (N, C, H, W) images, without padding. A window's maximum is its first largest element in
 * row-major order, or its last NaN, as PyTorch's {@code max_pool2d} picks it; the derivatives of
 * max pooling select or scatter through that element.
 */
final class PoolKernels {
    private PoolKernels() {}

    /** out (N, C, oh, ow) = the maximum of each window of x. */
    static void maxPool(Tensor x, int size, int stride, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatPoolKernels.maxPool(x, size, stride, out); return; }
        double[] a = Storage.read(x);
        double[] z = Storage.write(out);
        Window g = window(x, size, stride);
        int[] at = argmax(a, g);
        for (int i = 0; i < z.length; i++) {
            z[i] = a[at[i]];
        }
    }

    /** out (N, C, oh, ow) = t at the position of each window's maximum of x (t has x's shape). */
    static void maxPoolSelect(Tensor x, Tensor t, int size, int stride, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatPoolKernels.maxPoolSelect(x, t, size, stride, out); return; }
        double[] v = Storage.read(t);
        double[] z = Storage.write(out);
        int[] at = argmax(Storage.read(x), window(x, size, stride));
        for (int i = 0; i < z.length; i++) {
            z[i] = v[at[i]];
        }
    }

    /** out (x's shape) = zeros with each element of g (N, C, oh, ow) added at its window's maximum of x. */
    static void maxPoolScatter(Tensor x, Tensor gy, int size, int stride, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatPoolKernels.maxPoolScatter(x, gy, size, stride, out); return; }
        double[] v = Storage.read(gy);
        double[] z = Storage.write(out);
        Arrays.fill(z, 0.0);
        int[] at = argmax(Storage.read(x), window(x, size, stride));
        for (int i = 0; i < v.length; i++) {
            z[at[i]] += v[i];
        }
    }

    /** out (N, C, oh, ow) = the mean of each window of x: its sum divided by size². */
    static void avgPool(Tensor x, int size, int stride, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatPoolKernels.avgPool(x, size, stride, out); return; }
        double[] a = Storage.read(x);
        double[] z = Storage.write(out);
        Window g = window(x, size, stride);
        int oh = g.oh();
        int ow = g.ow();
        int area = size * size;
        int o = 0;
        for (int plane = 0; plane < g.n() * g.c(); plane++) {
            int base = plane * g.h() * g.w();
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    int corner = base + y * stride * g.w() + xo * stride;
                    double s = 0.0;
                    for (int r = 0; r < size; r++) {
                        for (int c = 0; c < size; c++) {
                            s += a[corner + r * g.w() + c];
                        }
                    }
                    z[o++] = s / area;
                }
            }
        }
    }

    /** out (N, C, H, W) = the transpose of average pooling: each element of g, over size², added over its window. */
    static void avgPoolTranspose(Tensor gy, int size, int stride, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatPoolKernels.avgPoolTranspose(gy, size, stride, out); return; }
        double[] v = Storage.read(gy);
        double[] z = Storage.write(out);
        Arrays.fill(z, 0.0);
        int h = out.shape().dim(2);
        int w = out.shape().dim(3);
        int oh = gy.shape().dim(2);
        int ow = gy.shape().dim(3);
        int area = size * size;
        int o = 0;
        for (int plane = 0; plane < out.shape().dim(0) * out.shape().dim(1); plane++) {
            int base = plane * h * w;
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    int corner = base + y * stride * w + xo * stride;
                    double share = v[o++] / area;
                    for (int r = 0; r < size; r++) {
                        for (int c = 0; c < size; c++) {
                            z[corner + r * w + c] += share;
                        }
                    }
                }
            }
        }
    }

    private static Window window(Tensor x, int size, int stride) {
        return new Window(x.shape().dim(0), x.shape().dim(1), x.shape().dim(2), x.shape().dim(3), size, size, stride, 0);
    }

    /**
     * For each window, in the output's row-major order, the flat index in x of its maximum: the
     * first largest element, or the last NaN (PyTorch's rule: {@code v > max || isnan(v)}).
     */
    static int[] argmax(double[] a, Window g) {
        int oh = g.oh();
        int ow = g.ow();
        int[] at = new int[g.n() * g.c() * oh * ow];
        int o = 0;
        for (int plane = 0; plane < g.n() * g.c(); plane++) {
            int base = plane * g.h() * g.w();
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    int corner = base + y * g.stride() * g.w() + xo * g.stride();
                    int best = corner;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int r = 0; r < g.kh(); r++) {
                        for (int c = 0; c < g.kw(); c++) {
                            int i = corner + r * g.w() + c;
                            double v = a[i];
                            if (v > max || Double.isNaN(v)) {
                                max = v;
                                best = i;
                            }
                        }
                    }
                    at[o++] = best;
                }
            }
        }
        return at;
    }
}
