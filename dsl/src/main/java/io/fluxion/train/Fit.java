package io.fluxion.train;

import io.fluxion.data.Batch;
import io.fluxion.data.Dataset;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Arrays;
import java.util.Locale;

/** The loop behind {@link Training#fit}: epochs one after another, printed as Keras prints them. */
final class Fit {
    private Fit() {}

    static List<Epoch> run(Training training, Dataset data, int epochs, int batchSize, FitOptions options) {
        if (epochs < 1) {
            throw new IllegalArgumentException("Training.fit: epochs must be at least 1, got " + epochs);
        }
        TrainState state = training.start();
        List<Epoch> history = List.empty();
        // The batches' buffers, kept from epoch to epoch: only the first epoch allocates them.
        io.fluxion.data.internal.GatherBuffers gathered = new io.fluxion.data.internal.GatherBuffers();
        for (int e = 1; e <= epochs; e++) {
            long started = System.nanoTime();
            ProgressBar bar = new ProgressBar(options.out(), options.drawsProgress());
            Watch watch = new Watch(e, epochs, history, bar, options);
            Epoch done = training.epoch(e, state, data, batchSize, options.seed(), watch, gathered);
            history = history.append(done);
            state = TrainState.start(done.params(), done.optimizerState());
            if (options.verbose()) {
                bar.clear();
                double seconds = (System.nanoTime() - started) / 1e9;
                options.out().println("Epoch " + e + "/" + epochs + " - " + summary(done.loss(), done.metrics())
                        + String.format(Locale.ROOT, " - %.1fs", seconds));
            }
        }
        return history;
    }

    /**
     * Follows one epoch: draws the progress bar and, with {@link FitOptions#terminateOnNaN},
     * stops at the first non-finite batch loss, saying whether the batch's data holds the
     * non-finite value (then the data is at fault) or not (then training diverged).
     */
    private static final class Watch implements Training.StepListener {
        private final int epoch;
        private final int epochs;
        private final List<Epoch> history;
        private final ProgressBar bar;
        private final FitOptions options;
        private Option<Integer> lastFiniteStep = Option.none();
        private double lastFiniteLoss;

        Watch(int epoch, int epochs, List<Epoch> history, ProgressBar bar, FitOptions options) {
            this.epoch = epoch;
            this.epochs = epochs;
            this.history = history;
            this.bar = bar;
            this.options = options;
        }

        @Override
        public void stepped(int step, int steps, Batch batch, double loss, TrainState state) {
            if (Double.isFinite(loss) || !options.terminateOnNaN()) {
                lastFiniteStep = Double.isFinite(loss) ? Option.some(step) : lastFiniteStep;
                lastFiniteLoss = Double.isFinite(loss) ? loss : lastFiniteLoss;
                bar.update(step, steps, state);
                return;
            }
            Option<String> bad = nonFinite(batch);
            String cause = bad.isDefined()
                    ? "the batch's " + bad.get() + ": the data, not the training, is not finite; clean it (drop or "
                            + "impute non-finite values) before training"
                    : "training diverged" + lastFinite() + "; try a lower learning rate (or clip the gradients with "
                            + "Transformations.clipByGlobalNorm)";
            stop("the loss is " + loss + " at epoch " + epoch + ", step " + step + " of " + steps + "; " + cause,
                    "step " + step + "/" + steps + ": loss " + loss, step);
        }

        @Override
        public void evaluated(int number, int batches, Batch batch, double loss) {
            if (Double.isFinite(loss) || !options.terminateOnNaN()) {
                return;
            }
            Option<String> bad = nonFinite(batch);
            String cause = bad.isDefined()
                    ? "its " + bad.get() + ": the validation data is not finite; clean it before validating"
                    : "the validation data is finite, so the parameters after this epoch are not: training "
                            + "diverged; try a lower learning rate";
            stop("val_loss is " + loss + " after epoch " + epoch + ": validation batch " + number + " of " + batches
                    + " gives loss " + loss + "; " + cause, "val_loss " + loss + " (validation batch " + number
                    + "/" + batches + ")", 0);
        }

        private String lastFinite() {
            return lastFiniteStep.map(s -> " (the loss of step " + s + " was " + format(lastFiniteLoss) + ")")
                    .getOrElse(history.isEmpty() ? "" : " (the loss of epoch " + history.last().epoch() + " was "
                            + format(history.last().loss()) + ")");
        }

        private void stop(String problem, String line, int step) {
            if (options.verbose()) {
                bar.clear();
                options.out().println("Epoch " + epoch + "/" + epochs + " - " + line + "; training stopped");
            }
            String kept = history.isEmpty() ? "" : " Epochs 1-" + history.last().epoch() + " are kept in history().";
            throw new NonFiniteLossException("Training.fit: " + problem + "." + kept
                    + " FitOptions.terminateOnNaN(false) trains on regardless.", epoch, step, history);
        }
    }

    /** Where the batch holds a non-finite value, e.g. {@code x holds NaN at [1, 0]}, if it does. */
    private static Option<String> nonFinite(Batch b) {
        return nonFinite("x", b.x()).orElse(() -> nonFinite("y", b.y()));
    }

    private static Option<String> nonFinite(String name, Tensor t) {
        double[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                int[] index = new int[t.shape().rank()];
                for (int d = index.length - 1, rest = i; d >= 0; d--) {
                    index[d] = rest % t.shape().dim(d);
                    rest /= t.shape().dim(d);
                }
                return Option.some(name + " holds " + v[i] + " at " + Arrays.toString(index));
            }
        }
        return Option.none();
    }

    /** {@code loss: 0.1234 - accuracy: 0.9000 - val_loss: 0.2000}, four decimals as Keras. */
    static String summary(double loss, LinkedHashMap<String, Double> metrics) {
        return List.of("loss: " + format(loss))
                .appendAll(metrics.map(m -> m._1 + ": " + format(m._2)))
                .mkString(" - ");
    }

    /**
     * Four decimals as Keras prints them, or four in scientific notation below 1e-4 and from 1e5,
     * where Keras would print a row of zeros or hundreds of digits: {@code 1.0900e+88}.
     */
    static String format(double v) {
        double a = Math.abs(v);
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return a == 0 || a >= 1e-4 && a < 1e5
                ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4e", v);
    }
}
