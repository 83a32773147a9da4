package io.fluxion.train;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Whether a batch's shards add up to the batch: its loss and gradients as a mean (or a sum) of
 * the shards', and each metric as a mean, compared with the whole batch's step on the same
 * parameters. The sums differ only by rounding where they agree (a few ulps of the largest term),
 * and by a factor or a term where they do not (a sum taken as a mean, a loss that compares
 * examples across shards), so the tolerance sits between the two: 1e-7 of the largest term in
 * float64, 1e-3 in float32.
 */
final class ShardCheck {
    private ShardCheck() {}

    /**
     * How the shards' outputs ({@code out[k]}: loss, metrics, gradients) add up to {@code whole}
     * (the same, for the whole batch), or none if they do not.
     */
    static Option<ShardedStep.Reduction> reduction(Shards shards, Buffer[][] out, List<Tensor> whole, int metrics) {
        double[] mean = ShardedStep.weights(shards, ShardedStep.Reduction.MEAN);
        for (int i = 1; i <= metrics; i++) {
            if (!agrees(out, i, mean, whole.get(i))) {
                return Option.none();
            }
        }
        for (ShardedStep.Reduction r : ShardedStep.Reduction.values()) {
            double[] w = ShardedStep.weights(shards, r);
            boolean all = agrees(out, 0, w, whole.get(0));
            for (int p = 1 + metrics; all && p < whole.size(); p++) {
                all = agrees(out, p, w, whole.get(p));
            }
            if (all) {
                return Option.some(r);
            }
        }
        return Option.none();
    }

    /** Whether output i of the shards, weighted and added, is {@code whole} up to rounding. */
    private static boolean agrees(Buffer[][] out, int i, double[] weights, Tensor whole) {
        double[] expected = whole.toArray();
        double[] sum = new double[expected.length];
        double scale = max(expected, 1);
        for (int k = 0; k < out.length; k++) {
            double[] part = out[k][i].toTensor().toArray();
            scale = Math.max(scale, max(part, weights[k]));
            for (int j = 0; j < sum.length; j++) {
                sum[j] += weights[k] * part[j];
            }
        }
        if (!Double.isFinite(scale)) {
            return false;
        }
        double tolerance = (whole.dtype() == DType.FLOAT32 ? 1e-3 : 1e-7) * scale;
        for (int j = 0; j < sum.length; j++) {
            if (!(Math.abs(sum[j] - expected[j]) <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    private static double max(double[] values, double weight) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, Math.abs(weight * v));
        }
        return m;
    }
}
