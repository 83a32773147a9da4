// float32: FloatActivationKernels is generated from this file (core/src/build).
package io.fluxion.op;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Lanes;
import io.fluxion.tensor.internal.Storage;

/** Kernels of the softmax family, lane by lane along an axis, each stabilised by the lane's maximum. */
final class ActivationKernels {
    private ActivationKernels() {}

    /** out = softmax (or log-softmax) of a along an axis. */
    static void softmax(Tensor a, int axis, boolean log, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatActivationKernels.softmax(a, axis, log, out); return; }
        double[] x = Storage.read(a);
        double[] z = Storage.write(out);
        Lanes l = Lanes.of(a.shape(), axis);
        int step = l.inner();
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                int base = l.start(o, i);
                int end = base + l.length() * step;
                double max = max(x, base, end, step);
                // One exp per element: the exponentials wait in out for the softmax to scale them.
                double sum = 0;
                for (int j = base; j < end; j += step) {
                    double e = Math.exp(x[j] - max);
                    z[j] = e;
                    sum += e;
                }
                if (log) {
                    double lse = max + Math.log(sum);
                    for (int j = base; j < end; j += step) {
                        z[j] = x[j] - lse;
                    }
                } else {
                    double inv = 1 / sum;
                    for (int j = base; j < end; j += step) {
                        z[j] *= inv;
                    }
                }
            }
        }
    }

    /** out = g - exp(y) · (g summed along the axis), lane by lane: the VJP of log-softmax, y its output. */
    static void logSoftmaxVjp(Tensor y, Tensor g, int axis, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatActivationKernels.logSoftmaxVjp(y, g, axis, out); return; }
        double[] x = Storage.read(y);
        double[] c = Storage.read(g);
        double[] z = Storage.write(out);
        Lanes l = Lanes.of(y.shape(), axis);
        int step = l.inner();
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                int base = l.start(o, i);
                int end = base + l.length() * step;
                double sum = sum(c, base, end, step);
                for (int j = base; j < end; j += step) {
                    z[j] = c[j] - Math.exp(x[j]) * sum;
                }
            }
        }
    }

    /**
     * out = g - softmax(z) · (g summed along the axis), lane by lane: the VJP of log-softmax from
     * its input z, one exponential per element (kept in out until the lane's sum is known).
     */
    static void logSoftmaxVjpOfLogits(Tensor logits, Tensor g, int axis, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatActivationKernels.logSoftmaxVjpOfLogits(logits, g, axis, out); return; }
        double[] x = Storage.read(logits);
        double[] c = Storage.read(g);
        double[] z = Storage.write(out);
        Lanes l = Lanes.of(logits.shape(), axis);
        int step = l.inner();
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                int base = l.start(o, i);
                int end = base + l.length() * step;
                double max = Double.NEGATIVE_INFINITY;
                double gs = 0;
                for (int j = base; j < end; j += step) {
                    max = Math.max(max, x[j]);
                    gs += c[j];
                }
                double sum = 0;
                for (int j = base; j < end; j += step) {
                    double e = Math.exp(x[j] - max);
                    z[j] = e;
                    sum += e;
                }
                // The softmax as the softmax kernel computes it, then the VJP.
                double inv = 1 / sum;
                for (int j = base; j < end; j += step) {
                    z[j] = c[j] - z[j] * inv * gs;
                }
            }
        }
    }

    /** out = -Σ y · logSoftmax(z) along an axis, lane by lane: (Σ y) · logsumexp(z) - Σ y · z. */
    static void softmaxCrossEntropy(Tensor logits, Tensor targets, int axis, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatActivationKernels.softmaxCrossEntropy(logits, targets, axis, out); return; }
        double[] x = Storage.read(logits);
        double[] t = Storage.read(targets);
        double[] z = Storage.write(out);
        Lanes l = Lanes.of(logits.shape(), axis);
        int step = l.inner();
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                int base = l.start(o, i);
                int end = base + l.length() * step;
                double max = max(x, base, end, step);
                double sum = 0;
                for (int j = base; j < end; j += step) {
                    sum += Math.exp(x[j] - max);
                }
                double lse = max + Math.log(sum);
                z[o * l.inner() + i] = crossEntropy(x, t, base, end, step, lse);
            }
        }
    }

    /**
     * out = -Σ y · logSoftmax(z) along an axis, lane by lane, from p = softmax(z) as {@link #softmax}
     * computes it, with no exponential: at the lane's largest logit, exp(z - max) is exactly 1, so
     * the largest p is the softmax's 1 / Σ exp(z - max) and the log-sum-exp is max - log(max p)
     * (max p ≥ 1/n: no cancellation). Where the softmax kernel's sum is NaN (a NaN or an infinite
     * logit), p is NaN and so is the loss of non-zero targets, as in {@link #softmaxCrossEntropy}.
     */
    static void softmaxCrossEntropyOfSoftmax(Tensor logits, Tensor softmax, Tensor targets, int axis, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatActivationKernels.softmaxCrossEntropyOfSoftmax(logits, softmax, targets, axis, out); return; }
        double[] x = Storage.read(logits);
        double[] p = Storage.read(softmax);
        double[] t = Storage.read(targets);
        double[] z = Storage.write(out);
        Lanes l = Lanes.of(logits.shape(), axis);
        int step = l.inner();
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                int base = l.start(o, i);
                int end = base + l.length() * step;
                // Both maxima without a branch on the data: p grows with z, so the largest p is at the largest z.
                double max = Double.NEGATIVE_INFINITY;
                double top = Double.NEGATIVE_INFINITY;
                for (int j = base; j < end; j += step) {
                    max = Math.max(max, x[j]);
                    top = Math.max(top, p[j]);
                }
                double lse = max - Math.log(top);
                z[o * l.inner() + i] = crossEntropy(x, t, base, end, step, lse);
            }
        }
    }

    /**
     * out = g - p · (g summed along the axis), lane by lane: the VJP of log-softmax from
     * p = softmax(z), the same operations on the same values as {@link #logSoftmaxVjpOfLogits}.
     */
    static void logSoftmaxVjpOfSoftmax(Tensor softmax, Tensor g, int axis, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatActivationKernels.logSoftmaxVjpOfSoftmax(softmax, g, axis, out); return; }
        double[] p = Storage.read(softmax);
        double[] c = Storage.read(g);
        double[] z = Storage.write(out);
        Lanes l = Lanes.of(softmax.shape(), axis);
        int step = l.inner();
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                int base = l.start(o, i);
                int end = base + l.length() * step;
                double gs = sum(c, base, end, step);
                for (int j = base; j < end; j += step) {
                    z[j] = c[j] - p[j] * gs;
                }
            }
        }
    }

    /** The sum of c[base], c[base + step], … before end, in that order. */
    private static double sum(double[] c, int base, int end, int step) {
        double sum = 0;
        for (int j = base; j < end; j += step) {
            sum += c[j];
        }
        return sum;
    }

    /** -Σ t · (x - lse) over a lane, in order: its cross-entropy once lse, its log-sum-exp, is known. */
    private static double crossEntropy(double[] x, double[] t, int base, int end, int step, double lse) {
        double loss = 0;
        for (int j = base; j < end; j += step) {
            // A zero target contributes nothing, even where logSoftmax is -inf.
            if (t[j] != 0) {
                loss -= t[j] * (x[j] - lse);
            }
        }
        return loss;
    }

    /** The largest of x[base], x[base + step], … before end: the shift that keeps exponentials finite. */
    private static double max(double[] x, int base, int end, int step) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = base; j < end; j += step) {
            max = Math.max(max, x[j]);
        }
        return max;
    }
}
