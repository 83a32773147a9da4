package io.fluxion.optim;

import io.fluxion.nn.Params;
import io.fluxion.tensor.Tensor;
import java.util.function.BinaryOperator;

/**
 * Building blocks for optimizers, as optax's: each is a {@link GradientTransformation}, and
 * {@link Optimizers#chain} composes them. The scalings follow PyTorch's formulas, so that
 * {@code chain(scaleByAdam(), scaleByLearningRate(lr))} is {@code torch.optim.Adam}.
 *
 * <pre>{@code
 * Optimizers.chain(clipByGlobalNorm(1.0), addDecayedWeights(1e-4), scaleByAdam(), scaleByLearningRate(1e-3))
 * }</pre>
 */
public final class Transformations {
    private Transformations() {}

    /** Multiplies the updates by {@code factor} (optax {@code scale}). */
    public static GradientTransformation<EmptyState> scale(double factor) {
        Checks.finite("scale", "factor", factor);
        return stateless((u, p) -> u.times(factor), (vars, u) -> SymbolicForms.scale("factor", factor, u));
    }

    /**
     * Multiplies the updates by {@code schedule.at(count)}, count being the number of updates
     * made before (optax {@code scale_by_schedule}).
     */
    public static GradientTransformation<ScheduleState> scaleBySchedule(Schedule schedule) {
        return scheduled("scaleBySchedule", schedule, false);
    }

    /** Multiplies the updates by {@code -lr}, for gradient descent (optax {@code scale_by_learning_rate}). */
    public static GradientTransformation<ScheduleState> scaleByLearningRate(double lr) {
        return scaleByLearningRate(Schedule.constant(Checks.learningRate("scaleByLearningRate", lr)));
    }

    /** Multiplies the updates by {@code -lr.at(count)}, count being the number of updates made before. */
    public static GradientTransformation<ScheduleState> scaleByLearningRate(Schedule lr) {
        return learningRate("scaleByLearningRate", lr);
    }

    /**
     * Scales all updates by {@code maxNorm / g} when their global norm g exceeds maxNorm, keeping
     * their direction (optax {@code clip_by_global_norm}: {@code u / g * maxNorm}).
     */
    public static GradientTransformation<EmptyState> clipByGlobalNorm(double maxNorm) {
        Checks.positive("clipByGlobalNorm", "maxNorm", maxNorm);
        return stateless((u, p) -> {
            double g = u.globalNorm();
            return g > maxNorm ? u.map(t -> t.div(g).times(maxNorm)) : u;
        });
    }

    /**
     * Adds {@code weightDecay * p} to the update of every parameter p (optax
     * {@code add_decayed_weights}). Before {@link #scaleByAdam()} it is PyTorch's coupled (L2)
     * {@code weight_decay}; after it, AdamW's decoupled decay.
     */
    public static GradientTransformation<EmptyState> addDecayedWeights(double weightDecay) {
        Checks.nonNegative("addDecayedWeights", "weightDecay", weightDecay);
        return stateless((u, p) -> u.zipWith(p, (ui, pi) -> ui.plus(pi.times(weightDecay))),
                (vars, u) -> SymbolicForms.decayedWeights(weightDecay, vars, u));
    }

    /**
     * Momentum as {@code torch.optim.SGD} with dampening 0: {@code buf = decay * buf + u}, and the
     * update is buf, or {@code u + decay * buf} with Nesterov (optax {@code trace}).
     */
    public static GradientTransformation<TraceState> trace(double decay, boolean nesterov) {
        Checks.beta("trace", "decay", decay);
        return GradientTransformation.of(
                p -> new TraceState(p.zerosLike()),
                (u, s, p) -> {
                    Params buf = s.trace().zipWith(u, (b, g) -> b.times(decay).plus(g));
                    Params out = nesterov ? u.zipWith(buf, (g, b) -> g.plus(b.times(decay))) : buf;
                    return new Update<>(out, new TraceState(buf));
                },
                (vars, u) -> SymbolicForms.trace(decay, nesterov, vars, u));
    }

    /** {@link #scaleByAdam(double, double, double)} with PyTorch's betas (0.9, 0.999) and eps 1e-8. */
    public static GradientTransformation<AdamState> scaleByAdam() {
        return scaleByAdam(0.9, 0.999, 1e-8);
    }

    /**
     * Adam's direction as {@code torch.optim.Adam}, at step t counted from 1:
     * {@code m = beta1 m + (1 - beta1) u}, {@code v = beta2 v + (1 - beta2) u²}, update
     * {@code (m / (1 - beta1^t)) / (sqrt(v) / sqrt(1 - beta2^t) + eps)}.
     */
    public static GradientTransformation<AdamState> scaleByAdam(double beta1, double beta2, double eps) {
        Checks.beta("scaleByAdam", "beta1", beta1);
        Checks.beta("scaleByAdam", "beta2", beta2);
        Checks.positive("scaleByAdam", "eps", eps);
        return GradientTransformation.of(
                p -> new AdamState(0, p.zerosLike(), p.zerosLike()),
                (u, s, p) -> {
                    long t = s.count() + 1;
                    Params mu = s.mu().zipWith(u, (m, g) -> m.times(beta1).plus(g.times(1 - beta1)));
                    Params nu = s.nu().zipWith(u, (v, g) -> v.times(beta2).plus(g.times(g).times(1 - beta2)));
                    double correction1 = 1 - Math.pow(beta1, t);
                    double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, t));
                    Params out = mu.zipWith(nu, (m, v) ->
                            m.div(v.map(Math::sqrt).div(sqrtCorrection2).plus(eps)).div(correction1));
                    return new Update<>(out, new AdamState(t, mu, nu));
                },
                (vars, u) -> SymbolicForms.adam(beta1, beta2, eps, vars, u));
    }

    /** {@link #scaleByRms(double, double)} with PyTorch's alpha 0.99 and eps 1e-8. */
    public static GradientTransformation<RmsState> scaleByRms() {
        return scaleByRms(0.99, 1e-8);
    }

    /**
     * RMSProp's direction as {@code torch.optim.RMSprop} (not centred):
     * {@code a = alpha a + (1 - alpha) u²}, update {@code u / (sqrt(a) + eps)}. PyTorch adds eps
     * outside the square root, optax's {@code scale_by_rms} inside; this follows PyTorch.
     */
    public static GradientTransformation<RmsState> scaleByRms(double alpha, double eps) {
        Checks.beta("scaleByRms", "alpha", alpha);
        Checks.positive("scaleByRms", "eps", eps);
        return GradientTransformation.of(
                p -> new RmsState(p.zerosLike()),
                (u, s, p) -> {
                    Params avg = s.squareAvg().zipWith(u, (a, g) ->
                            a.times(alpha).plus(g.times(g).times(1 - alpha)));
                    Params out = u.zipWith(avg, (g, a) -> g.div(a.map(Math::sqrt).plus(eps)));
                    return new Update<>(out, new RmsState(avg));
                },
                (vars, u) -> SymbolicForms.rms(alpha, eps, vars, u));
    }

    /** {@link #scaleByAdagrad(double, double)} with PyTorch's initial accumulator 0 and eps 1e-10. */
    public static GradientTransformation<AdagradState> scaleByAdagrad() {
        return scaleByAdagrad(0, 1e-10);
    }

    /**
     * Adagrad's direction as {@code torch.optim.Adagrad}: {@code sum = sum + u²} (sum starting at
     * initialAccumulator), update {@code u / (sqrt(sum) + eps)}.
     */
    public static GradientTransformation<AdagradState> scaleByAdagrad(double initialAccumulator, double eps) {
        Checks.nonNegative("scaleByAdagrad", "initialAccumulator", initialAccumulator);
        Checks.positive("scaleByAdagrad", "eps", eps);
        return GradientTransformation.of(
                p -> new AdagradState(p.map(t -> Tensor.full(t.shape(), initialAccumulator, t.dtype()))),
                (u, s, p) -> {
                    Params sum = s.sum().zipWith(u, (a, g) -> a.plus(g.times(g)));
                    Params out = u.zipWith(sum, (g, a) -> g.div(a.map(Math::sqrt).plus(eps)));
                    return new Update<>(out, new AdagradState(sum));
                },
                (vars, u) -> SymbolicForms.adagrad(eps, vars, u));
    }

    /** Multiplies by {@code -lr.at(count)}; a negative or non-finite rate is an error naming {@code who}. */
    static GradientTransformation<ScheduleState> learningRate(String who, Schedule lr) {
        return scheduled(who, lr, true);
    }

    private static GradientTransformation<ScheduleState> scheduled(String who, Schedule schedule, boolean descend) {
        java.util.function.ToDoubleFunction<ScheduleState> factor = s -> {
            double v = schedule.at(s.count());
            // A warm-up may start at 0, so 0 is allowed; a negative rate would climb the loss.
            if (!Double.isFinite(v) || (descend && v < 0)) {
                throw new IllegalArgumentException(who + ": the " + (descend ? "learning-rate " : "")
                        + "schedule gave " + v + " at step " + s.count());
            }
            return descend ? -v : v;
        };
        return GradientTransformation.of(
                p -> new ScheduleState(0),
                (u, s, p) -> new Update<>(u.times(factor.applyAsDouble(s)), new ScheduleState(s.count() + 1)),
                (vars, u) -> SymbolicForms.scheduled(factor, u));
    }

    private static GradientTransformation<EmptyState> stateless(BinaryOperator<Params> f) {
        return GradientTransformation.of(p -> new EmptyState(), (u, s, p) -> new Update<>(f.apply(u, p), s));
    }

    private static GradientTransformation<EmptyState> stateless(BinaryOperator<Params> f,
            GradientTransformation.SymbolicFunction<EmptyState> symbolic) {
        return GradientTransformation.of(p -> new EmptyState(), (u, s, p) -> new Update<>(f.apply(u, p), s), symbolic);
    }
}
