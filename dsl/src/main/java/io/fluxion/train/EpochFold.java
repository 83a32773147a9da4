package io.fluxion.train;

import io.fluxion.nn.Params;
import io.fluxion.optim.OptimizerState;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import io.vavr.control.Option;
import java.util.function.BiFunction;

/**
 * The one epoch fold every training shares: an epoch folds its steps into a {@link TrainState}
 * (new parameters and optimizer state, the loss and metrics as example-weighted running means),
 * and the epochs are a lazy, endless stream, each computed from the last. What varies is the
 * source of the steps: {@link Training}'s compiled step on one core or sharded over several, and
 * {@code SparkTraining}'s gradients summed over a cluster and applied by the driver.
 *
 * <pre>{@code
 * TrainState end = EpochFold.fold(start, names, steps, (k, s) -> step(k, s), (k, s) -> {});
 * Stream<Epoch> epochs = EpochFold.epochs(1, params, state, (n, s) -> runEpoch(n, s));
 * }</pre>
 */
public final class EpochFold {
    private EpochFold() {}

    /**
     * What one step gives the fold.
     *
     * @param params the parameters after the step
     * @param state the optimizer's state after the step
     * @param examples the number of examples the step's loss and metrics are means over
     * @param loss the step's loss, taken before its update
     * @param metrics the step's metrics, in the order of the fold's names
     */
    public record Stepped(Params params, OptimizerState state, int examples, double loss, List<Double> metrics) {}

    /**
     * A step of an epoch, the part that varies.
     */
    @FunctionalInterface
    public interface Step {
        /**
         * Step {@code k} (from 1) from {@code state}, or none when it had no examples (a sampled
         * step that drew none) and the state stays.
         */
        Option<Stepped> apply(int k, TrainState state);
    }

    /** Told after each step of the fold, with the state it led to. */
    @FunctionalInterface
    public interface Observer {
        /** After step {@code k} (from 1), which led to {@code state}. */
        void stepped(int k, TrainState state);
    }

    /**
     * {@code steps} steps folded from {@code start}: each step's parameters and state replace the
     * last, its loss and metrics (named {@code names}) join the running means weighted by its examples.
     */
    public static TrainState fold(TrainState start, List<String> names, int steps, Step step, Observer observer) {
        TrainState s = start;
        for (int k = 1; k <= steps; k++) {
            Option<Stepped> done = step.apply(k, s);
            if (done.isEmpty()) {
                continue;
            }
            Stepped d = done.get();
            s = s.next(d.params(), d.state(), d.examples(), d.loss(), names, d.metrics());
            observer.stepped(k, s);
        }
        return s;
    }

    /**
     * The epochs from number {@code first} on, lazy and endless: epoch n is {@code epoch} applied
     * to n and the state at the end of epoch n - 1 (its running means reset), computed when first
     * read, after the epochs before it.
     */
    public static Stream<Epoch> epochs(int first, Params params, OptimizerState state,
            BiFunction<Integer, TrainState, Epoch> epoch) {
        Epoch head = Epoch.deferred(first, () -> epoch.apply(first, TrainState.start(params, state)));
        // The tail computes the head first, so epoch n + 1 never waits on a chain of unevaluated ones.
        return Stream.cons(head, () -> epochs(first + 1, head.params(), head.optimizerState(), epoch));
    }
}
