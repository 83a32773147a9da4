package io.fluxion.example.bench;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The softmax-regression step written by hand: two {@code dgemm} calls through the same netlib
 * BLAS the engine uses (row-major, by the same transposition trick as {@code Blas.gemm}), plain
 * loops for the bias, the softmax, the loss and the bias gradient, and buffers allocated once.
 */
public final class HandSoftmaxStep {
    private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

    private final int n;
    private final int d;
    private final int k;
    private final double[] z;
    /** The cotangent of the logits, then scratch. */
    private final double[] dz;
    /** dL/dW, row-major d×k. */
    public final double[] gradW;
    /** dL/db. */
    public final double[] gradB;

    /** Buffers for a batch of n rows, d features and k classes. */
    public HandSoftmaxStep(int n, int d, int k) {
        this.n = n;
        this.d = d;
        this.k = k;
        z = new double[n * k];
        dz = new double[n * k];
        gradW = new double[d * k];
        gradB = new double[k];
    }

    /** One step; returns the loss and leaves the gradients in {@link #gradW} and {@link #gradB}. */
    public double step(double[] x, double[] y, double[] w, double[] b) {
        // z = x w (row-major n×k): column-major zᵀ = wᵀ xᵀ.
        BLAS_INSTANCE.dgemm("N", "N", k, n, d, 1.0, w, k, x, d, 0.0, z, k);
        double loss = 0;
        java.util.Arrays.fill(gradB, 0);
        double inv = 1.0 / n;
        for (int i = 0; i < n; i++) {
            int o = i * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double v = z[o + j] + b[j];
                z[o + j] = v;
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double e = Math.exp(z[o + j] - max);
                dz[o + j] = e;
                sum += e;
            }
            double lse = max + Math.log(sum);
            double ySum = 0;
            for (int j = 0; j < k; j++) {
                double yv = y[o + j];
                loss -= yv * (z[o + j] - lse);
                ySum += yv;
            }
            // d loss / d z = (softmax · Σ_j y - y) / n
            for (int j = 0; j < k; j++) {
                double g = (dz[o + j] / sum * ySum - y[o + j]) * inv;
                dz[o + j] = g;
                gradB[j] += g;
            }
        }
        // gradW = xᵀ dz (row-major d×k): column-major gradWᵀ = dzᵀ x.
        BLAS_INSTANCE.dgemm("N", "T", k, d, n, 1.0, dz, k, x, d, 0.0, gradW, k);
        return loss * inv;
    }
}
