package io.fluxion.train;

import io.vavr.Lazy;
import io.vavr.collection.Stream;
import io.vavr.control.Option;
import java.io.Serializable;
import java.util.function.UnaryOperator;

/**
 * Keras's {@code EarlyStopping} as a stream combinator: the epochs of a stream up to the one
 * after which the monitored value has not improved by more than {@code minDelta} for
 * {@code patience} epochs.
 *
 * <pre>{@code
 * Stream<Epoch> stopped = EarlyStopping.of(7, 1e-4).apply(training.epochs(data, 1, 7L));
 * Params best = stopped.last().params();
 * }</pre>
 *
 * <p>Keras's rules: an epoch improves when its value beats the best so far by more than minDelta
 * (lower in {@link Mode#MIN}, higher in {@link Mode#MAX}); each epoch that does not adds one to a
 * wait count, which an improvement resets (with a baseline, only an improvement that also beats
 * the baseline resets it); the stream stops after the first epoch, other than the first, at which
 * the wait count reaches patience. With {@code restoreBest} (the default here, unlike Keras), each
 * epoch carries the parameters and optimizer state of the best epoch up to it, keeping its own
 * number, loss and metrics; an epoch whose monitored value is NaN or whose parameters are not all
 * finite is never the best (until a best exists, an epoch keeps its own parameters). A lazy
 * stream cannot know which element will be its last, so the last
 * one taken, whether stopping fired or not ({@code apply(s).take(10)}), carries the best weights.
 *
 * @param monitor the value watched: {@code loss} or a metric name such as {@code val_loss}
 * @param patience how many epochs without improvement to allow
 * @param minDelta the least change that counts as an improvement (its sign is ignored)
 * @param mode whether lower or higher is better, or {@link Mode#AUTO}
 * @param baseline a value to beat before waiting is reset
 * @param restoreBest whether each epoch carries the best parameters so far
 */
public record EarlyStopping(String monitor, int patience, double minDelta, Mode mode, Option<Double> baseline,
        boolean restoreBest) implements UnaryOperator<Stream<Epoch>>, Serializable {

    /** Which direction is better. */
    public enum Mode {
        /** Lower is better (losses). */
        MIN,
        /** Higher is better (accuracies). */
        MAX,
        /** {@link #MAX} for a monitor whose name contains {@code acc} or {@code auc}, else {@link #MIN}, as Keras guesses. */
        AUTO
    }

    /** Checks the values. */
    public EarlyStopping {
        if (monitor.isBlank()) {
            throw new IllegalArgumentException("EarlyStopping: the monitor must not be blank");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be at least 0, got " + patience);
        }
        if (!Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("EarlyStopping: minDelta must be finite, got " + minDelta);
        }
        java.util.Objects.requireNonNull(mode, "EarlyStopping: mode");
        java.util.Objects.requireNonNull(baseline, "EarlyStopping: baseline");
    }

    /** Monitoring the training {@code loss} (Keras monitors {@code val_loss}), mode auto, no baseline, restoring the best. */
    public static EarlyStopping of(int patience, double minDelta) {
        return new EarlyStopping("loss", patience, minDelta, Mode.AUTO, Option.none(), true);
    }

    /** The same, watching {@code name}: {@code .monitor("val_accuracy")}. */
    public EarlyStopping monitor(String name) {
        return new EarlyStopping(name, patience, minDelta, mode, baseline, restoreBest);
    }

    /** The same, with this mode. */
    public EarlyStopping mode(Mode m) {
        return new EarlyStopping(monitor, patience, minDelta, m, baseline, restoreBest);
    }

    /** The same, with a baseline to beat. */
    public EarlyStopping baseline(double value) {
        return new EarlyStopping(monitor, patience, minDelta, mode, Option.some(value), restoreBest);
    }

    /** The same, restoring the best parameters or not. */
    public EarlyStopping restoreBest(boolean on) {
        return new EarlyStopping(monitor, patience, minDelta, mode, baseline, on);
    }

    /**
     * The epochs of {@code epochs} until stopping, as lazily as the input: an epoch is examined
     * only when it, or one after it, is read.
     *
     * @throws IllegalArgumentException when an examined epoch lacks the monitored value
     */
    @Override
    public Stream<Epoch> apply(Stream<Epoch> epochs) {
        return follow(epochs, new Watch(Option.none(), Option.none(), 0, false));
    }

    /** What is known after some epochs: the best value and epoch, the count of epochs waited, whether to stop. */
    private record Watch(Option<Double> best, Option<Epoch> bestEpoch, int waited, boolean stop) {}

    private Stream<Epoch> follow(Stream<Epoch> epochs, Watch before) {
        if (epochs.isEmpty()) {
            return Stream.empty();
        }
        Epoch e = epochs.head();
        Lazy<Watch> after = Lazy.of(() -> watch(before, e));
        Epoch out = restoreBest ? Epoch.deferred(e.epoch(), () -> {
            Epoch best = after.get().bestEpoch().getOrElse(e);
            return best == e ? e : e.withParams(best.params(), best.optimizerState());
        }) : e;
        return Stream.cons(out, () -> after.get().stop() ? Stream.empty() : follow(epochs.tail(), after.get()));
    }

    /** Keras's {@code on_epoch_end}, for the epoch e. */
    private Watch watch(Watch w, Epoch e) {
        double current = e.metric(monitor).getOrElseThrow(() -> new IllegalArgumentException(
                "EarlyStopping: epoch " + e.epoch() + " has no value '" + monitor + "'; it has loss"
                        + e.metrics().keySet().map(k -> ", " + k).mkString()));
        int wait = w.waited() + 1;
        // An epoch whose value is NaN, or whose parameters are not all finite (its loss was taken
        // before its last update), is never the best: restoring it would restore a diverged model.
        boolean candidate = !Double.isNaN(current) && e.params().allFinite();
        if (candidate && (w.best().isEmpty() || improves(current, w.best().get()))) {
            boolean reset = baseline.isEmpty() || improves(current, baseline.get());
            return new Watch(Option.some(current), Option.some(e), reset ? 0 : wait, false);
        }
        // Keras also requires that this is not the first epoch, which always improves on nothing.
        boolean first = w.best().isEmpty() && w.waited() == 0;
        return new Watch(w.best(), w.bestEpoch(), wait, !first && wait >= patience);
    }

    private boolean improves(double value, double reference) {
        double d = Math.abs(minDelta);
        return higherIsBetter() ? value - d > reference : value + d < reference;
    }

    private boolean higherIsBetter() {
        return mode == Mode.MAX || mode == Mode.AUTO && (monitor.contains("acc") || monitor.contains("auc"));
    }
}
