package io.fluxion.optim;

import io.fluxion.nn.Params;
import java.io.Serializable;

/**
 * The state of {@link Transformations#scaleByAdam}: PyTorch's {@code step}, {@code exp_avg} and
 * {@code exp_avg_sq}.
 *
 * @param count the number of updates made so far (PyTorch's step before it is incremented)
 * @param mu the running average of the gradients, zeros at first
 * @param nu the running average of the squared gradients, zeros at first
 */
public record AdamState(long count, Params mu, Params nu) implements Serializable {

    /** Checks the count. */
    public AdamState {
        if (count < 0) {
            throw new IllegalArgumentException("AdamState: count must be at least 0, got " + count);
        }
    }
}
