// float32: FloatPoolKernels is generated from this file (core/src/build).
package io.fluxion.op;

import io.fluxion.tensor.internal.Blas;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import java.util.Arrays;

/**
 * The kernels of {@link Pooling}: a window of size × size every {@code stride} positions over each
 * plane of (N, C, H, W) images, without padding. A window's maximum is its first largest element in
 * row-major order, or its last NaN, as PyTorch's {@code max_pool2d} picks it; the derivatives of
 * max pooling select or scatter through that element. Max pooling and its derivatives run over parts
 * of the planes on {@link Blas#parallel()}; each plane is pooled apart, so the threads never change
 * the bits.
 */
final class PoolKernels {
    /** Input elements per part of a max pooling: enough to outweigh handing a part to another thread. */
    static final long PART_ELEMENTS = 1L << 16;

    private PoolKernels() {}

    /** out (N, C, oh, ow) = the maximum of each window of x: x at the position of its maximum. */
    static void maxPool(Tensor x, int size, int stride, Buffer out) {
        maxPoolSelect(x, x, size, stride, out);
    }

    /** out (N, C, oh, ow) = t at the position of each window's maximum of x (t has x's shape). */
    static void maxPoolSelect(Tensor x, Tensor t, int size, int stride, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatPoolKernels.maxPoolSelect(x, t, size, stride, out); return; }
        double[] a = Storage.read(x);
        double[] v = Storage.read(t);
        double[] z = Storage.write(out);
        Window g = window(x, size, stride);
        byPlanes(g, (from, to) -> {
            int o = from * g.positions();
            for (int plane = from; plane < to; plane++) {
                for (int y = 0; y < g.oh(); y++) {
                    int row = (plane * g.h() + y * stride) * g.w();
                    for (int xo = 0; xo < g.ow(); xo++) {
                        z[o++] = v[largest(a, row + xo * stride, g.w(), size)];
                    }
                }
            }
        });
    }

    /** out (x's shape) = zeros with each element of g (N, C, oh, ow) added at its window's maximum of x. */
    static void maxPoolScatter(Tensor x, Tensor gy, int size, int stride, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatPoolKernels.maxPoolScatter(x, gy, size, stride, out); return; }
        double[] a = Storage.read(x);
        double[] v = Storage.read(gy);
        double[] z = Storage.write(out);
        Window g = window(x, size, stride);
        byPlanes(g, (from, to) -> {
            int o = from * g.positions();
            for (int plane = from; plane < to; plane++) {
                // zeroed plane by plane, so that the adds below find it in the cache
                Arrays.fill(z, plane * g.h() * g.w(), (plane + 1) * g.h() * g.w(), 0.0);
                for (int y = 0; y < g.oh(); y++) {
                    int row = (plane * g.h() + y * stride) * g.w();
                    for (int xo = 0; xo < g.ow(); xo++) {
                        z[largest(a, row + xo * stride, g.w(), size)] += v[o++];
                    }
                }
            }
        });
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

    /** The planes [from, to) of a pooling's images, for {@link #byPlanes}. */
    @FunctionalInterface
    private interface Planes {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over every plane (image and channel) of g, cut into parts of about
     * {@link #PART_ELEMENTS} input elements on {@link Blas#parallel()}. Planes are pooled apart and
     * each part writes only its own planes' outputs, so the bits do not depend on the parts.
     */
    private static void byPlanes(Window g, Planes body) {
        int planes = g.n() * g.c();
        long elements = (long) planes * g.h() * g.w();
        int parts = (int) Math.max(1, Math.min(planes, elements / PART_ELEMENTS));
        Blas.parallel().run(parts, p -> body.run((int) ((long) planes * p / parts), (int) ((long) planes * (p + 1) / parts)));
    }

    private static Window window(Tensor x, int size, int stride) {
        return new Window(x.shape().dim(0), x.shape().dim(1), x.shape().dim(2), x.shape().dim(3), size, size, stride, 0);
    }

    /**
     * The flat index in a of the maximum of the size × size window whose top-left element is at
     * {@code corner} in rows of w: its first largest element in row-major order, or its last NaN
     * (PyTorch's rule: {@code v > max || isnan(v)}, from the first element on). Windows of 2 × 2,
     * the usual pooling, are written out, so that the JIT compiles them without loops or branches.
     */
    static int largest(double[] a, int corner, int w, int size) {
        int best = corner;
        double max = a[corner];
        if (size == 2) {
            // Each row's pair picked by the rule, then the bottom's winner against the top's: the
            // scan in order picks the same. Indices by arithmetic on 0 or 1, not by branches, which
            // data such as ReLU outputs mispredict (a quarter faster measured on 2 × 2 windows).
            double v = a[corner + 1];
            int right = v > max | v != v ? 1 : 0;
            int top = corner + right;
            double topMax = right == 1 ? v : max;
            double u = a[corner + w];
            double u1 = a[corner + w + 1];
            int bottom = corner + w + (u1 > u | u1 != u1 ? 1 : 0);
            double bottomMax = bottom != corner + w ? u1 : u;
            int lower = bottomMax > topMax | bottomMax != bottomMax ? 1 : 0;
            return top + lower * (bottom - top);
        }
        for (int r = 0; r < size; r++) {
            for (int c = r == 0 ? 1 : 0; c < size; c++) {
                int i = corner + r * w + c;
                double v = a[i];
                if (v > max || Double.isNaN(v)) {
                    max = v;
                    best = i;
                }
            }
        }
        return best;
    }
}
