package io.fluxion.optim;

import java.io.Serializable;

/**
 * A learning-rate schedule: the learning rate for the update at step {@code step}, where step 0
 * is the first update (as optax's count, and as a PyTorch scheduler's epoch when
 * {@code scheduler.step()} follows each {@code optimizer.step()}). Serializable, so lambdas of
 * this type are too.
 *
 * <pre>{@code Optimizers.adam(Schedule.warmupCosine(0, 1e-3, 100, 1000, 1e-5))}</pre>
 */
@FunctionalInterface
public interface Schedule extends Serializable {

    /** The learning rate at {@code step} (0 for the first update). */
    double at(long step);

    /** Always {@code lr}. */
    static Schedule constant(double lr) {
        Checks.learningRate("Schedule.constant", lr);
        return step -> lr;
    }

    /**
     * PyTorch's {@code StepLR}: {@code lr * gamma^floor(step / stepSize)}, the rate multiplied by
     * gamma every stepSize steps. {@code Schedule.step(0.1, 30, 0.1)} is 0.1 for steps 0–29, 0.01 for 30–59.
     */
    static Schedule step(double lr, long stepSize, double gamma) {
        Checks.learningRate("Schedule.step", lr);
        Checks.atLeast("Schedule.step", "stepSize", 1, stepSize);
        Checks.positive("Schedule.step", "gamma", gamma);
        return step -> lr * Math.pow(gamma, Math.floorDiv(checked(step), stepSize));
    }

    /** PyTorch's {@code ExponentialLR} stepped once per update: {@code lr * gamma^step}. */
    static Schedule exponential(double lr, double gamma) {
        Checks.learningRate("Schedule.exponential", lr);
        Checks.positive("Schedule.exponential", "gamma", gamma);
        return step -> lr * Math.pow(gamma, checked(step));
    }

    /**
     * optax's {@code cosine_decay_schedule}: {@code lr * ((1 - alpha) * c + alpha)} with
     * {@code c = (1 + cos(pi * min(step, decaySteps) / decaySteps)) / 2}, so it falls from lr to
     * {@code alpha * lr} over decaySteps steps and stays there.
     */
    static Schedule cosine(double lr, long decaySteps, double alpha) {
        Checks.learningRate("Schedule.cosine", lr);
        Checks.atLeast("Schedule.cosine", "decaySteps", 1, decaySteps);
        Checks.nonNegative("Schedule.cosine", "alpha", alpha);
        return step -> {
            double c = 0.5 * (1 + Math.cos(Math.PI * Math.min(checked(step), decaySteps) / decaySteps));
            return lr * ((1 - alpha) * c + alpha);
        };
    }

    /**
     * A linear warm-up from {@code start} to {@code then.at(0)} over warmupSteps steps, then
     * {@code then} shifted by warmupSteps (optax's {@code join_schedules} of a
     * {@code linear_schedule} and {@code then}): {@code start + (then.at(0) - start) * step / warmupSteps}
     * for step &lt; warmupSteps, else {@code then.at(step - warmupSteps)}.
     */
    static Schedule warmup(double start, long warmupSteps, Schedule then) {
        Checks.nonNegative("Schedule.warmup", "start", start);
        Checks.atLeast("Schedule.warmup", "warmupSteps", 0, warmupSteps);
        return step -> {
            if (checked(step) >= warmupSteps) {
                return then.at(step - warmupSteps);
            }
            // the interpolation written as optax's linear_schedule writes it, to round as it does
            double peak = then.at(0);
            return (start - peak) * (1 - (double) step / warmupSteps) + peak;
        };
    }

    /**
     * optax's {@code warmup_cosine_decay_schedule}: linear from {@code init} to {@code peak} over
     * warmupSteps steps, then cosine decay from peak to {@code end} by step decaySteps (which
     * counts the warm-up), then end.
     */
    static Schedule warmupCosine(double init, double peak, long warmupSteps, long decaySteps, double end) {
        Checks.nonNegative("Schedule.warmupCosine", "init", init);
        Checks.learningRate("Schedule.warmupCosine", peak);
        Checks.atLeast("Schedule.warmupCosine", "warmupSteps", 0, warmupSteps);
        Checks.nonNegative("Schedule.warmupCosine", "end", end);
        if (decaySteps <= warmupSteps) {
            throw new IllegalArgumentException("Schedule.warmupCosine: decaySteps must exceed warmupSteps ("
                    + warmupSteps + "), got " + decaySteps);
        }
        return warmup(init, warmupSteps, cosine(peak, decaySteps - warmupSteps, end / peak));
    }

    private static long checked(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("Schedule: step must be at least 0, got " + step);
        }
        return step;
    }
}
