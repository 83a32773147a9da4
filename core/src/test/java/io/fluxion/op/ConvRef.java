package io.fluxion.op;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;

/**
 * Convolution and pooling written from PyTorch's definitions with naive loops over
 * {@link Tensor#get}, independently of the library's kernels (no im2row, no BLAS).
 */
final class ConvRef {
    private ConvRef() {}

    /** y[n, o, i, j] = Σ_c,a,b k[o, c, a, b] · x[n, c, i·s + a − p, j·s + b − p], zero outside x. */
    static Tensor conv2d(Tensor x, Tensor k, int s, int p) {
        Shape xs = x.shape();
        Shape ks = k.shape();
        int oh = (xs.dim(2) + 2 * p - ks.dim(2)) / s + 1;
        int ow = (xs.dim(3) + 2 * p - ks.dim(3)) / s + 1;
        Shape out = Shape.of(xs.dim(0), ks.dim(0), oh, ow);
        double[] y = new double[out.size()];
        int t = 0;
        for (int n = 0; n < xs.dim(0); n++) {
            for (int o = 0; o < ks.dim(0); o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = 0;
                        for (int c = 0; c < xs.dim(1); c++) {
                            for (int a = 0; a < ks.dim(2); a++) {
                                for (int b = 0; b < ks.dim(3); b++) {
                                    int r = i * s + a - p;
                                    int q = j * s + b - p;
                                    if (r >= 0 && r < xs.dim(2) && q >= 0 && q < xs.dim(3)) {
                                        sum += k.get(o, c, a, b) * x.get(n, c, r, q);
                                    }
                                }
                            }
                        }
                        y[t++] = sum;
                    }
                }
            }
        }
        return Tensor.of(out, y);
    }

    /**
     * The transpose of {@link #conv2d} in x: z[n, c, r, q] = Σ g[n, o, i, j] · k[o, c, a, b] over
     * the positions whose window puts (a, b) on (r, q), to images of h × w.
     */
    static Tensor transpose(Tensor g, Tensor k, int s, int p, int h, int w) {
        Shape gs = g.shape();
        Shape ks = k.shape();
        Shape out = Shape.of(gs.dim(0), ks.dim(1), h, w);
        double[] z = new double[out.size()];
        for (int n = 0; n < gs.dim(0); n++) {
            for (int o = 0; o < ks.dim(0); o++) {
                for (int i = 0; i < gs.dim(2); i++) {
                    for (int j = 0; j < gs.dim(3); j++) {
                        for (int c = 0; c < ks.dim(1); c++) {
                            for (int a = 0; a < ks.dim(2); a++) {
                                for (int b = 0; b < ks.dim(3); b++) {
                                    int r = i * s + a - p;
                                    int q = j * s + b - p;
                                    if (r >= 0 && r < h && q >= 0 && q < w) {
                                        z[((n * ks.dim(1) + c) * h + r) * w + q] += g.get(n, o, i, j) * k.get(o, c, a, b);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor.of(out, z);
    }

    /** The gradient of {@link #conv2d} in k: dk[o, c, a, b] = Σ g[n, o, i, j] · x[n, c, i·s + a − p, j·s + b − p]. */
    static Tensor kernelGrad(Tensor x, Tensor g, int s, int p, int kh, int kw) {
        Shape xs = x.shape();
        Shape gs = g.shape();
        Shape out = Shape.of(gs.dim(1), xs.dim(1), kh, kw);
        double[] dk = new double[out.size()];
        int t = 0;
        for (int o = 0; o < gs.dim(1); o++) {
            for (int c = 0; c < xs.dim(1); c++) {
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        double sum = 0;
                        for (int n = 0; n < xs.dim(0); n++) {
                            for (int i = 0; i < gs.dim(2); i++) {
                                for (int j = 0; j < gs.dim(3); j++) {
                                    int r = i * s + a - p;
                                    int q = j * s + b - p;
                                    if (r >= 0 && r < xs.dim(2) && q >= 0 && q < xs.dim(3)) {
                                        sum += g.get(n, o, i, j) * x.get(n, c, r, q);
                                    }
                                }
                            }
                        }
                        dk[t++] = sum;
                    }
                }
            }
        }
        return Tensor.of(out, dk);
    }

    /** The window maxima (first largest) or means of every size × size window every s positions. */
    static Tensor pool(Tensor x, int size, int s, boolean max) {
        Shape xs = x.shape();
        int oh = (xs.dim(2) - size) / s + 1;
        int ow = (xs.dim(3) - size) / s + 1;
        Shape out = Shape.of(xs.dim(0), xs.dim(1), oh, ow);
        double[] y = new double[out.size()];
        int t = 0;
        for (int n = 0; n < xs.dim(0); n++) {
            for (int c = 0; c < xs.dim(1); c++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        for (int a = 0; a < size; a++) {
                            for (int b = 0; b < size; b++) {
                                double v = x.get(n, c, i * s + a, j * s + b);
                                acc = max ? Math.max(acc, v) : acc + v;
                            }
                        }
                        y[t++] = max ? acc : acc / (size * size);
                    }
                }
            }
        }
        return Tensor.of(out, y);
    }
}
