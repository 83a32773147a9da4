package io.fluxion.optim;

import java.io.Serializable;

/**
 * The state of a scheduled scaling: how many updates have been made, which is the step at which
 * the {@link Schedule} is read for the next one (0 for the first).
 *
 * @param count the number of updates made so far, at least 0
 */
public record ScheduleState(long count) implements Serializable {

    /** Checks the count. */
    public ScheduleState {
        if (count < 0) {
            throw new IllegalArgumentException("ScheduleState: count must be at least 0, got " + count);
        }
    }
}
