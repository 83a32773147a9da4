package io.fluxion.optim;

/**
 * Anything {@link Optimizers#chain} accepts: a {@link GradientTransformation}, or an
 * {@link Optimizer}, which stands for the transformation whose updates it adds to the parameters.
 * It exists so that {@code chain(clipByGlobalNorm(1.0), adam(1e-3))} mixes the two.
 */
public interface Chainable {

    /** The transformation this stands for. */
    GradientTransformation transformation();
}
