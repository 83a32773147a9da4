package io.fluxion.train;

import io.fluxion.data.Dataset;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
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
        for (int e = 1; e <= epochs; e++) {
            long started = System.nanoTime();
            ProgressBar bar = new ProgressBar(options.out(), options.verbose() && options.progress());
            Epoch done = training.epoch(e, state, data, batchSize, options.seed(), bar::update);
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

    /** {@code loss: 0.1234 - accuracy: 0.9000 - val_loss: 0.2000}, four decimals as Keras. */
    static String summary(double loss, LinkedHashMap<String, Double> metrics) {
        return List.of("loss: " + format(loss))
                .appendAll(metrics.map(m -> m._1 + ": " + format(m._2)))
                .mkString(" - ");
    }

    static String format(double v) {
        return Math.abs(v) >= 1e-4 || v == 0 || !Double.isFinite(v)
                ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4e", v);
    }
}
