package io.fluxion.optim;

import static io.fluxion.optim.Transformations.addDecayedWeights;
import static io.fluxion.optim.Transformations.learningRate;
import static io.fluxion.optim.Transformations.scaleByAdagrad;
import static io.fluxion.optim.Transformations.scaleByAdam;
import static io.fluxion.optim.Transformations.scaleByRms;
import static io.fluxion.optim.Transformations.trace;

import io.vavr.collection.List;

/**
 * The usual optimizers with PyTorch's update formulas and defaults, each built as in optax from
 * {@link Transformations} chained with a learning-rate scaling, and {@link #chain} to compose
 * more. Every optimizer takes a learning rate or a {@link Schedule}; its state is an
 * {@link OptimizerState} holding the parts' slots and step counts.
 *
 * <pre>{@code var opt = chain(clipByGlobalNorm(1.0), adam(1e-3));}</pre>
 *
 * <p>PyTorch's coupled {@code weight_decay} of SGD, Adam, RMSprop and Adagrad is
 * {@code chain(addDecayedWeights(wd), optimizer)}. Bad arguments are
 * {@link IllegalArgumentException}s naming the optimizer and the value.
 */
public final class Optimizers {
    private Optimizers() {}

    /** Plain gradient descent, {@code torch.optim.SGD} without momentum: {@code p -= lr * g}. */
    public static Optimizer sgd(double lr) {
        return sgd(constant("sgd", lr));
    }

    /** {@link #sgd(double)} with a learning-rate schedule. */
    public static Optimizer sgd(Schedule lr) {
        return Optimizer.of("sgd", learningRate("sgd", lr));
    }

    /**
     * {@code torch.optim.SGD(lr, momentum=beta)}: {@code buf = beta * buf + g; p -= lr * buf},
     * buf starting at 0; beta in [0, 1) (0.9 is usual, PyTorch has no default).
     */
    public static Optimizer momentum(double lr, double beta) {
        return momentum(constant("momentum", lr), beta);
    }

    /** {@link #momentum(double, double)} with a learning-rate schedule. */
    public static Optimizer momentum(Schedule lr, double beta) {
        Checks.beta("momentum", "beta", beta);
        return Optimizer.of("momentum", Chain.of(trace(beta, false), learningRate("momentum", lr)));
    }

    /**
     * {@code torch.optim.SGD(lr, momentum=beta, nesterov=True)}:
     * {@code buf = beta * buf + g; p -= lr * (g + beta * buf)}; beta in (0, 1) as PyTorch requires.
     */
    public static Optimizer nesterov(double lr, double beta) {
        return nesterov(constant("nesterov", lr), beta);
    }

    /** {@link #nesterov(double, double)} with a learning-rate schedule. */
    public static Optimizer nesterov(Schedule lr, double beta) {
        if (!(beta > 0 && beta < 1)) {
            throw new IllegalArgumentException("nesterov: beta must be in (0, 1), got " + beta);
        }
        return Optimizer.of("nesterov", Chain.of(trace(beta, true), learningRate("nesterov", lr)));
    }

    /** {@code torch.optim.RMSprop} with PyTorch's defaults alpha 0.99, eps 1e-8, no momentum. */
    public static Optimizer rmsprop(double lr) {
        return rmsprop(lr, 0.99, 1e-8);
    }

    /** {@link #rmsprop(double)} with a learning-rate schedule. */
    public static Optimizer rmsprop(Schedule lr) {
        return rmsprop(lr, 0.99, 1e-8);
    }

    /**
     * {@code torch.optim.RMSprop(lr, alpha, eps)}: {@code a = alpha * a + (1 - alpha) * g²;
     * p -= lr * g / (sqrt(a) + eps)}. alpha is optax's decay (and Keras's rho), in [0, 1).
     */
    public static Optimizer rmsprop(double lr, double alpha, double eps) {
        return rmsprop(constant("rmsprop", lr), alpha, eps);
    }

    /** {@link #rmsprop(double, double, double)} with a learning-rate schedule. */
    public static Optimizer rmsprop(Schedule lr, double alpha, double eps) {
        checkRms(alpha, eps);
        return Optimizer.of("rmsprop", Chain.of(scaleByRms(alpha, eps), learningRate("rmsprop", lr)));
    }

    /**
     * {@code torch.optim.RMSprop(lr, alpha, eps, momentum)}: as without momentum, but
     * {@code buf = momentum * buf + g / (sqrt(a) + eps); p -= lr * buf}; momentum in [0, 1).
     */
    public static Optimizer rmsprop(
            double lr, double alpha, double eps, double momentum) {
        return rmsprop(constant("rmsprop", lr), alpha, eps, momentum);
    }

    /** {@link #rmsprop(double, double, double, double)} with a learning-rate schedule. */
    public static Optimizer rmsprop(
            Schedule lr, double alpha, double eps, double momentum) {
        checkRms(alpha, eps);
        Checks.beta("rmsprop", "momentum", momentum);
        return Optimizer.of("rmsprop",
                Chain.of(scaleByRms(alpha, eps), trace(momentum, false), learningRate("rmsprop", lr)));
    }

    /** {@code torch.optim.Adagrad} with PyTorch's defaults: initial accumulator 0, eps 1e-10. */
    public static Optimizer adagrad(double lr) {
        return adagrad(lr, 0, 1e-10);
    }

    /** {@link #adagrad(double)} with a learning-rate schedule. */
    public static Optimizer adagrad(Schedule lr) {
        return adagrad(lr, 0, 1e-10);
    }

    /**
     * {@code torch.optim.Adagrad(lr, initial_accumulator_value, eps)} (lr_decay 0; use a schedule):
     * {@code sum = sum + g²; p -= lr * g / (sqrt(sum) + eps)}, sum starting at initialAccumulator.
     */
    public static Optimizer adagrad(
            double lr, double initialAccumulator, double eps) {
        return adagrad(constant("adagrad", lr), initialAccumulator, eps);
    }

    /** {@link #adagrad(double, double, double)} with a learning-rate schedule. */
    public static Optimizer adagrad(
            Schedule lr, double initialAccumulator, double eps) {
        Checks.nonNegative("adagrad", "initialAccumulator", initialAccumulator);
        Checks.positive("adagrad", "eps", eps);
        return Optimizer.of("adagrad",
                Chain.of(scaleByAdagrad(initialAccumulator, eps), learningRate("adagrad", lr)));
    }

    /**
     * {@code torch.optim.Adam} with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8 (Keras uses
     * eps 1e-7).
     */
    public static Optimizer adam(double lr) {
        return adam(lr, 0.9, 0.999, 1e-8);
    }

    /** {@link #adam(double)} with a learning-rate schedule. */
    public static Optimizer adam(Schedule lr) {
        return adam(lr, 0.9, 0.999, 1e-8);
    }

    /**
     * {@code torch.optim.Adam(lr, betas=(beta1, beta2), eps)}: at step t from 1,
     * {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g²},
     * {@code p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)}.
     */
    public static Optimizer adam(
            double lr, double beta1, double beta2, double eps) {
        return adam(constant("adam", lr), beta1, beta2, eps);
    }

    /** {@link #adam(double, double, double, double)} with a learning-rate schedule. */
    public static Optimizer adam(
            Schedule lr, double beta1, double beta2, double eps) {
        checkAdam("adam", beta1, beta2, eps);
        return Optimizer.of("adam", Chain.of(scaleByAdam(beta1, beta2, eps), learningRate("adam", lr)));
    }

    /** {@code torch.optim.AdamW} with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static Optimizer adamw(double lr) {
        return adamw(lr, 0.01);
    }

    /** {@code torch.optim.AdamW(lr, weight_decay=weightDecay)}, other arguments PyTorch's defaults. */
    public static Optimizer adamw(double lr, double weightDecay) {
        return adamw(lr, 0.9, 0.999, 1e-8, weightDecay);
    }

    /** {@link #adamw(double, double)} with a learning-rate schedule. */
    public static Optimizer adamw(Schedule lr, double weightDecay) {
        return adamw(lr, 0.9, 0.999, 1e-8, weightDecay);
    }

    /**
     * {@code torch.optim.AdamW}: decoupled weight decay {@code p -= lr * weightDecay * p} before
     * the {@link #adam(double, double, double, double) Adam} step, which reads the same lr and p
     * (optax's {@code adamw} is the same sum).
     */
    public static Optimizer adamw(
            double lr, double beta1, double beta2, double eps, double weightDecay) {
        return adamw(constant("adamw", lr), beta1, beta2, eps, weightDecay);
    }

    /** {@link #adamw(double, double, double, double, double)} with a learning-rate schedule. */
    public static Optimizer adamw(
            Schedule lr, double beta1, double beta2, double eps, double weightDecay) {
        checkAdam("adamw", beta1, beta2, eps);
        Checks.nonNegative("adamw", "weightDecay", weightDecay);
        return Optimizer.of("adamw",
                Chain.of(scaleByAdam(beta1, beta2, eps), addDecayedWeights(weightDecay), learningRate("adamw", lr)));
    }

    /**
     * The optimizer adding the updates of the parts applied in turn (at least one), as
     * {@code optax.chain}; an optimizer in the chain stands for its transformation. Part i keeps
     * its state under {@code i.} ({@code 1.0.mu}: part 1, an Adam optimizer, its part 0's first moment).
     */
    public static Optimizer chain(Chainable... parts) {
        return Optimizer.of("chain", Chain.of(List.of(parts).map(Chainable::transformation)));
    }

    private static Schedule constant(String who, double lr) {
        return Schedule.constant(Checks.learningRate(who, lr));
    }

    private static void checkRms(double alpha, double eps) {
        Checks.beta("rmsprop", "alpha", alpha);
        Checks.positive("rmsprop", "eps", eps);
    }

    private static void checkAdam(String who, double beta1, double beta2, double eps) {
        Checks.beta(who, "beta1", beta1);
        Checks.beta(who, "beta2", beta2);
        Checks.positive(who, "eps", eps);
    }
}
