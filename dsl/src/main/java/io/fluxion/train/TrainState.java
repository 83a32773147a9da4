package io.fluxion.train;

import io.fluxion.nn.Params;
import io.fluxion.optim.OptimizerState;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.io.Serializable;

/**
 * Where training stands between two steps of an epoch: the parameters and optimizer state, and
 * the running means of the loss and metrics over the examples stepped so far in this epoch. The
 * state {@link Training#step} folds over the batches.
 *
 * <pre>{@code TrainState s = training.start();  for (Batch b : data.batches(32)) s = training.step(s, b);}</pre>
 *
 * @param params the current parameters
 * @param optimizerState the optimizer's state
 * @param examples how many examples this epoch has stepped over
 * @param loss the mean loss over those examples (each batch's loss taken before its update)
 * @param metrics the means of the training metrics over those examples, by name
 */
public record TrainState(Params params, OptimizerState optimizerState, long examples, double loss,
        LinkedHashMap<String, Double> metrics) implements Serializable {

    /** Checks the count. */
    public TrainState {
        if (examples < 0) {
            throw new IllegalArgumentException("TrainState: examples must be at least 0, got " + examples);
        }
    }

    /** The state at the start of an epoch: these parameters and optimizer state, nothing averaged yet. */
    public static TrainState start(Params params, OptimizerState optimizerState) {
        return new TrainState(params, optimizerState, 0, 0, LinkedHashMap.empty());
    }

    /**
     * The state after a step over {@code n} examples: new parameters and optimizer state, the
     * batch's loss and metrics (named {@code names}, in order) folded into the running means with
     * weight n, as the mean over all examples so far: {@code s.next(p, st, 32, 0.25, List.of("accuracy"), List.of(0.9))}.
     *
     * @throws IllegalArgumentException if n is not positive or names and values differ in length
     */
    public TrainState next(Params newParams, OptimizerState newState, int n, double batchLoss, List<String> names,
            List<Double> values) {
        RunningMeans m = new RunningMeans(examples, loss, metrics).add(n, batchLoss, names, values);
        return new TrainState(newParams, newState, m.examples(), m.loss(), m.metrics());
    }
}
