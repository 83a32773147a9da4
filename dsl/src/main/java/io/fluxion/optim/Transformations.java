package io.fluxion.optim;

import io.fluxion.expr.Expr;
import io.vavr.collection.List;

/**
 * Building blocks for optimizers, as optax's: each is a {@link GradientTransformation} written
 * once over expressions, and {@link Optimizers#chain} composes them. The scalings follow
 * PyTorch's formulas, so that {@code chain(scaleByAdam(), scaleByLearningRate(lr))} is
 * {@code torch.optim.Adam}. Every number is an {@link UpdateContext#number} (a scalar input bound
 * per step), so it is rounded once to the parameters' dtype and never folded.
 *
 * <pre>{@code
 * Optimizers.chain(clipByGlobalNorm(1.0), addDecayedWeights(1e-4), scaleByAdam(), scaleByLearningRate(1e-3))
 * }</pre>
 */
public final class Transformations {
    private Transformations() {}

    /** Multiplies the updates by {@code factor} (optax {@code scale}). */
    public static GradientTransformation scale(double factor) {
        Checks.finite("scale", "factor", factor);
        return (updates, params, c) -> {
            Expr k = c.number("factor", factor);
            return Update.of(updates.map(u -> u.times(k)));
        };
    }

    /**
     * Multiplies the updates by {@code schedule.at(count)}, count being the number of updates
     * made before (optax {@code scale_by_schedule}).
     */
    public static GradientTransformation scaleBySchedule(Schedule schedule) {
        return scheduled("scaleBySchedule", schedule, false);
    }

    /** Multiplies the updates by {@code -lr}, for gradient descent (optax {@code scale_by_learning_rate}). */
    public static GradientTransformation scaleByLearningRate(double lr) {
        return scaleByLearningRate(Schedule.constant(Checks.learningRate("scaleByLearningRate", lr)));
    }

    /** Multiplies the updates by {@code -lr.at(count)}, count being the number of updates made before. */
    public static GradientTransformation scaleByLearningRate(Schedule lr) {
        return learningRate("scaleByLearningRate", lr);
    }

    /**
     * Scales all updates by {@code maxNorm / g} when their global norm g exceeds maxNorm, keeping
     * their direction (optax {@code clip_by_global_norm}), and leaves them as they are otherwise.
     */
    public static GradientTransformation clipByGlobalNorm(double maxNorm) {
        Checks.positive("clipByGlobalNorm", "maxNorm", maxNorm);
        return (updates, params, c) -> {
            Expr k = c.number("maxNorm", maxNorm);
            Expr g = updates.map(u -> u.square().sum()).reduce(Expr::plus).sqrt();
            // maxNorm / max(g, maxNorm): exactly 1 unless clipping, and never a division by 0.
            Expr factor = k.div(g.gt(k).select(g, k));
            return Update.of(updates.map(u -> u.times(factor)));
        };
    }

    /**
     * Adds {@code weightDecay * p} to the update of every parameter p (optax
     * {@code add_decayed_weights}). Before {@link #scaleByAdam()} it is PyTorch's coupled (L2)
     * {@code weight_decay}; after it, AdamW's decoupled decay.
     */
    public static GradientTransformation addDecayedWeights(double weightDecay) {
        Checks.nonNegative("addDecayedWeights", "weightDecay", weightDecay);
        return (updates, params, c) -> {
            Expr k = c.number("weightDecay", weightDecay);
            return Update.of(updates.zip(params).map(up -> up._1.plus(up._2.times(k))));
        };
    }

    /**
     * Momentum as {@code torch.optim.SGD} with dampening 0: {@code buf = decay * buf + u}, and the
     * update is buf, or {@code u + decay * buf} with Nesterov (optax {@code trace}).
     */
    public static GradientTransformation trace(double decay, boolean nesterov) {
        Checks.beta("trace", "decay", decay);
        return (updates, params, c) -> {
            Slot trace = c.zeros("trace");
            Expr k = c.number("decay", decay);
            List<Expr> buf = trace.values().zip(updates).map(bu -> bu._1.times(k).plus(bu._2));
            List<Expr> out = nesterov ? updates.zip(buf).map(ub -> ub._1.plus(ub._2.times(k))) : buf;
            return Update.of(out).with(trace, buf);
        };
    }

    /** {@link #scaleByAdam(double, double, double)} with PyTorch's betas (0.9, 0.999) and eps 1e-8. */
    public static GradientTransformation scaleByAdam() {
        return scaleByAdam(0.9, 0.999, 1e-8);
    }

    /**
     * Adam's direction as {@code torch.optim.Adam}, at step t counted from 1:
     * {@code m = beta1 m + (1 - beta1) u}, {@code v = beta2 v + (1 - beta2) u²}, update
     * {@code m / (sqrt(v) / sqrt(1 - beta2^t) + eps) * (1 / (1 - beta1^t))}. The state's slots are
     * {@code mu} and {@code nu}, PyTorch's {@code exp_avg} and {@code exp_avg_sq}.
     */
    public static GradientTransformation scaleByAdam(double beta1, double beta2, double eps) {
        Checks.beta("scaleByAdam", "beta1", beta1);
        Checks.beta("scaleByAdam", "beta2", beta2);
        Checks.positive("scaleByAdam", "eps", eps);
        return (updates, params, c) -> {
            Slot ms = c.zeros("mu");
            Slot vs = c.zeros("nu");
            Expr b1 = c.number("beta1", beta1);
            Expr oneMinusB1 = c.number("1-beta1", 1 - beta1);
            Expr b2 = c.number("beta2", beta2);
            Expr oneMinusB2 = c.number("1-beta2", 1 - beta2);
            Expr e = c.number("eps", eps);
            // PyTorch's form: the first correction as one factor per step (its step size lr / (1 - beta1^t)),
            // a multiplication per element where dividing by (1 - beta1^t) would be a division.
            Expr stepSize = c.number("1/(1-beta1^t)", n -> 1 / (1 - Math.pow(beta1, n + 1)));
            Expr sqrtCorrection2 = c.number("sqrt(1-beta2^t)", n -> Math.sqrt(1 - Math.pow(beta2, n + 1)));
            List<Expr> mu = ms.values().zip(updates).map(mg -> mg._1.times(b1).plus(mg._2.times(oneMinusB1)));
            List<Expr> nu = vs.values().zip(updates)
                    .map(vg -> vg._1.times(b2).plus(vg._2.times(vg._2).times(oneMinusB2)));
            List<Expr> out = mu.zip(nu).map(mv -> mv._1.div(mv._2.sqrt().div(sqrtCorrection2).plus(e)).times(stepSize));
            return Update.of(out).with(ms, mu).with(vs, nu);
        };
    }

    /** {@link #scaleByRms(double, double)} with PyTorch's alpha 0.99 and eps 1e-8. */
    public static GradientTransformation scaleByRms() {
        return scaleByRms(0.99, 1e-8);
    }

    /**
     * RMSProp's direction as {@code torch.optim.RMSprop} (not centred):
     * {@code a = alpha a + (1 - alpha) u²}, update {@code u / (sqrt(a) + eps)}. PyTorch adds eps
     * outside the square root, optax's {@code scale_by_rms} inside; this follows PyTorch. The
     * state's slot is {@code squareAvg}.
     */
    public static GradientTransformation scaleByRms(double alpha, double eps) {
        Checks.beta("scaleByRms", "alpha", alpha);
        Checks.positive("scaleByRms", "eps", eps);
        return (updates, params, c) -> {
            Slot avgs = c.zeros("squareAvg");
            Expr a = c.number("alpha", alpha);
            Expr oneMinusA = c.number("1-alpha", 1 - alpha);
            Expr e = c.number("eps", eps);
            List<Expr> avg = avgs.values().zip(updates)
                    .map(ag -> ag._1.times(a).plus(ag._2.times(ag._2).times(oneMinusA)));
            List<Expr> out = updates.zip(avg).map(ga -> ga._1.div(ga._2.sqrt().plus(e)));
            return Update.of(out).with(avgs, avg);
        };
    }

    /** {@link #scaleByAdagrad(double, double)} with PyTorch's initial accumulator 0 and eps 1e-10. */
    public static GradientTransformation scaleByAdagrad() {
        return scaleByAdagrad(0, 1e-10);
    }

    /**
     * Adagrad's direction as {@code torch.optim.Adagrad}: {@code sum = sum + u²} (sum starting at
     * initialAccumulator), update {@code u / (sqrt(sum) + eps)}. The state's slot is {@code sum}.
     */
    public static GradientTransformation scaleByAdagrad(double initialAccumulator, double eps) {
        Checks.nonNegative("scaleByAdagrad", "initialAccumulator", initialAccumulator);
        Checks.positive("scaleByAdagrad", "eps", eps);
        return (updates, params, c) -> {
            Slot sums = c.filled("sum", initialAccumulator);
            Expr e = c.number("eps", eps);
            List<Expr> sum = sums.values().zip(updates).map(ag -> ag._1.plus(ag._2.times(ag._2)));
            List<Expr> out = updates.zip(sum).map(ga -> ga._1.div(ga._2.sqrt().plus(e)));
            return Update.of(out).with(sums, sum);
        };
    }

    /** Multiplies by {@code -lr.at(count)}; a negative or non-finite rate is an error naming {@code who}. */
    static GradientTransformation learningRate(String who, Schedule lr) {
        return scheduled(who, lr, true);
    }

    private static GradientTransformation scheduled(String who, Schedule schedule, boolean descend) {
        return (updates, params, c) -> {
            Expr k = c.number("learningRate", count -> {
                double v = schedule.at(count);
                // A warm-up may start at 0, so 0 is allowed; a negative rate would climb the loss.
                if (!Double.isFinite(v) || (descend && v < 0)) {
                    throw new IllegalArgumentException(who + ": the " + (descend ? "learning-rate " : "")
                            + "schedule gave " + v + " at step " + count);
                }
                return descend ? -v : v;
            });
            return Update.of(updates.map(u -> u.times(k)));
        };
    }
}
