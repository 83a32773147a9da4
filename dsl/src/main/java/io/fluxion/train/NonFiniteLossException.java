package io.fluxion.train;

import io.vavr.collection.List;

/**
 * Thrown by {@link Training#fit} at the first batch whose loss, or validation loss, is NaN or
 * infinite (Keras's {@code TerminateOnNaN}, on by default: see {@link FitOptions#terminateOnNaN}).
 * The message names the epoch and the step, and whether the batch's data or the training is at
 * fault; the epochs finished before it are kept in {@link #history()}, so nothing trained is lost.
 *
 * <pre>{@code
 * try { training.fit(data, 10, 32); } catch (NonFiniteLossException e) { model = model.withParams(e.history().last().params()); }
 * }</pre>
 */
public final class NonFiniteLossException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** The epoch in which the loss was not finite, from 1. */
    private final int epoch;
    /** The step of that epoch, from 1 (0: the validation after it). */
    private final int step;
    /** The epochs finished before. */
    private final List<Epoch> history;

    NonFiniteLossException(String message, int epoch, int step, List<Epoch> history) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.history = history;
    }

    /** The epoch (from 1) in which the loss was not finite. */
    public int epoch() {
        return epoch;
    }

    /** The step (from 1) whose batch loss was not finite, or 0 when it was the validation loss after the epoch. */
    public int step() {
        return step;
    }

    /** The epochs finished before {@link #epoch()}, in order (empty if it was the first). */
    public List<Epoch> history() {
        return history;
    }
}
