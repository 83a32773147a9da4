package io.fluxion.train;

import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;

/**
 * The example-weighted running means of the loss and metrics over the batches seen so far, as
 * Keras reports them: the one fold behind an epoch's loss ({@link TrainState#next}) and
 * {@link Training#evaluate}'s.
 *
 * @param examples how many examples so far
 * @param loss the mean loss over them
 * @param metrics the means of the metrics over them, by name
 */
record RunningMeans(long examples, double loss, LinkedHashMap<String, Double> metrics) {
    /** Nothing seen yet. */
    static final RunningMeans NONE = new RunningMeans(0, 0, LinkedHashMap.empty());

    /**
     * These means with a batch of {@code n} examples added, whose loss and metrics (named
     * {@code names}, in order) are means over it.
     *
     * @throws IllegalArgumentException if n is not positive or names and values differ in length
     */
    RunningMeans add(int n, double batchLoss, List<String> names, List<Double> values) {
        if (n < 1 || names.size() != values.size()) {
            throw new IllegalArgumentException("TrainState.next: needs at least one example and one value per name, got "
                    + n + " examples, " + names.size() + " names and " + values.size() + " values");
        }
        long total = examples + n;
        double w = (double) n / total;
        LinkedHashMap<String, Double> m = metrics;
        for (int i = 0; i < names.size(); i++) {
            m = m.put(names.get(i), mean(metrics.get(names.get(i)).getOrElse(0.0), values.get(i), w));
        }
        return new RunningMeans(total, mean(loss, batchLoss, w), m);
    }

    /**
     * A running mean moved towards {@code x} with weight {@code w} (the new examples' share of all
     * so far). Written as {@code mean + (x - mean) * w}, so that one batch gives its loss exactly;
     * where an infinity is involved that form gives ∞ − ∞ = NaN, so the mean is then what a sum
     * would give: an infinity stays, and opposite infinities make NaN.
     */
    static double mean(double mean, double x, double w) {
        if (Double.isInfinite(mean) || Double.isInfinite(x)) {
            return mean + x;
        }
        return mean + (x - mean) * w;
    }
}
