package io.fluxion.train;

import io.fluxion.op.Keys;
import io.fluxion.tensor.Tensor;

/**
 * The keys a training step binds for a model that draws random numbers in training (see
 * {@link io.fluxion.nn.Model#applyTraining}): the step's key is {@code Keys.of(0)} with the epoch's
 * number and then the step's (from 1) folded in, and example n of the batch gets the step's key
 * with n folded in. A function of (epoch, step, example) alone, so a resumed run, a reordered
 * machine or a step cut into shards binds the same keys for the same examples.
 */
final class StepKeys {
    private StepKeys() {}

    /** The key of step {@code step} (from 1) of epoch {@code epoch} (from 1). */
    static Tensor of(int epoch, int step) {
        return Keys.fold(Keys.fold(Keys.of(0), epoch), step);
    }

    /** The keys (rows, 4) of the examples {@code first}, …, {@code first + rows - 1} of a step with this key. */
    static Tensor rows(Tensor stepKey, int first, int rows) {
        return Keys.rows(stepKey, first, rows);
    }
}
