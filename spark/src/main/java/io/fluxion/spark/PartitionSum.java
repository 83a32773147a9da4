package io.fluxion.spark;

import io.fluxion.data.Batch;
import io.fluxion.nn.Params;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.Objective;
import io.vavr.control.Option;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * What one partition contributes to a step, run on the executor that holds it: the loss, metrics
 * and gradients of each of its blocks (or of a seeded sample of their rows), added up with the
 * weights that make the driver's total the loss over all rows.
 *
 * <p>The vector is {@code [examples, loss, metrics..., gradients...]}: a loss that is a mean
 * over examples is weighted by its block's example count (the driver divides by the total count),
 * one that is a sum by 1; metrics are means and weighted by count. While the driver is still
 * finding which the loss is, on the first rows, the vector holds both:
 * {@code [examples, loss·count, metrics..., gradients·count..., loss, gradients...]}, the mean's
 * vector followed by the sum's loss and gradients (see {@link #of}).
 *
 * @param objective the model, loss and metrics, broadcast once per training
 * @param params this step's parameter values, broadcast once per step
 * @param reduction whether the loss is a mean or a sum over examples, or none while that is being found
 * @param fraction the fraction of rows to sample, or 1 for every row
 * @param seed the step's sampling seed, mixed with the partition and block indices
 */
record PartitionSum(Broadcast<Objective> objective, Broadcast<Params> params, Option<LossReduction> reduction,
        double fraction, long seed) implements Function2<Integer, Iterator<Block>, Iterator<PartialSums.Tagged>> {

    @Override
    public Iterator<PartialSums.Tagged> call(Integer partition, Iterator<Block> blocks) {
        try {
            return java.util.List.of(PartialSums.Tagged.of(partition, sum(partition, blocks))).iterator();
        } catch (RuntimeException e) {
            if (Failures.deterministic(e) || e instanceof IllegalStateException && !Failures.missingClass(e).isEmpty()) {
                return java.util.List.of(PartialSums.Tagged.failed(partition, e)).iterator();
            }
            throw e;
        }
    }

    /**
     * The vector of a loss reduced as {@code r}, out of one summed before it was known (with both
     * weightings); the same bits as had the partitions known it, since a weight of 1 leaves a
     * value as it is.
     */
    static double[] of(double[] both, int metrics, LossReduction r) {
        int gradients = (both.length - 3 - metrics) / 2;
        int mean = 2 + metrics + gradients;
        if (r == LossReduction.MEAN) {
            return java.util.Arrays.copyOf(both, mean);
        }
        double[] sum = java.util.Arrays.copyOf(both, mean);
        System.arraycopy(both, mean, sum, 1, 1);
        System.arraycopy(both, mean + 1, sum, 2 + metrics, gradients);
        return sum;
    }

    /** The partition's vector; empty when no row was sampled. */
    private double[] sum(int partition, Iterator<Block> blocks) {
        Objective o = Shipping.received(objective);
        Params p = params.value();
        boolean both = reduction.isEmpty();
        boolean meanLoss = reduction.contains(LossReduction.MEAN);
        double[] sum = new double[0];
        while (blocks.hasNext()) {
            Batch b = switch (blocks.next()) {
                case Block.Bad bad -> throw bad.error();
                case Block.Examples e -> sample(e.batch(), partition);
            };
            if (b == null) {
                continue;
            }
            Objective.Value v = o.evaluate(p, b.x(), b.y());
            int g = (int) p.count();
            if (sum.length == 0) {
                sum = new double[2 + v.metrics().size() + g + (both ? 1 + g : 0)];
            }
            int n = b.size();
            double w = meanLoss || both ? n : 1;
            sum[0] += n;
            sum[1] += w * v.loss();
            int at = 2;
            for (double m : v.metrics()) {
                sum[at++] += n * m;
            }
            int unweighted = at + g;
            if (both) {
                sum[unweighted++] += v.loss();
            }
            for (Tensor t : v.gradients()) {
                double[] d = t.toArray();
                for (int i = 0; i < d.length; i++) {
                    sum[at + i] += w * d[i];
                }
                at += d.length;
                if (both) {
                    for (int i = 0; i < d.length; i++) {
                        sum[unweighted + i] += d[i];
                    }
                    unweighted += d.length;
                }
            }
        }
        return sum;
    }

    /** The block, or the rows of it a seeded draw keeps (null if none), for a mini-batch step. */
    private Batch sample(Batch block, int partition) {
        if (fraction >= 1) {
            return block;
        }
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (partition + 1))
                ^ (0xC2B2AE3D27D4EB4FL * (block.index() + 1)));
        int[] keep = new int[block.size()];
        int k = 0;
        for (int i = 0; i < block.size(); i++) {
            if (r.nextDouble() < fraction) {
                keep[k++] = i;
            }
        }
        if (k == 0) {
            return null;
        }
        int[] rows = java.util.Arrays.copyOf(keep, k);
        return new Batch(block.x().takeRows(rows), block.y().takeRows(rows), block.index());
    }
}
