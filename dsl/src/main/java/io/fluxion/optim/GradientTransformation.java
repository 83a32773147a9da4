package io.fluxion.optim;

import io.fluxion.nn.Params;
import java.util.function.Function;

/**
 * A pure gradient transformation as in optax: {@code init} makes a state from the parameters, and
 * {@code update} turns updates (at first the gradients) into new updates and a new state. Nothing
 * is mutated; transformations compose with {@link Optimizers#chain}, and an {@link Optimizer}
 * adds the final updates to the parameters.
 *
 * <pre>{@code GradientTransformation<EmptyState> half = Transformations.scale(0.5);}</pre>
 *
 * @param <S> the state type
 */
public interface GradientTransformation<S> extends Chainable<S> {

    /** The initial state for these parameters. */
    S init(Params params);

    /**
     * The transformed updates and the next state.
     *
     * @param updates the incoming updates (the gradients, for the first transformation of a chain),
     *     one per parameter
     * @param state the state from {@link #init} or from the previous update
     * @param params the current parameters, for transformations that read them (weight decay)
     */
    Update<S> update(Params updates, S state, Params params);

    /** This transformation itself. */
    @Override
    default GradientTransformation<S> transformation() {
        return this;
    }

    /**
     * A transformation from its two functions.
     *
     * <pre>{@code GradientTransformation.of(p -> new EmptyState(), (u, s, p) -> new Update<>(u.times(2), s))}</pre>
     */
    static <S> GradientTransformation<S> of(Function<Params, S> init, UpdateFunction<S> update) {
        return new GradientTransformation<>() {
            @Override
            public S init(Params params) {
                return init.apply(params);
            }

            @Override
            public Update<S> update(Params updates, S state, Params params) {
                return update.apply(updates, state, params);
            }
        };
    }

    /**
     * The update half of a transformation, for {@link #of}.
     *
     * @param <S> the state type
     */
    @FunctionalInterface
    interface UpdateFunction<S> {

        /** As {@link GradientTransformation#update}. */
        Update<S> apply(Params updates, S state, Params params);
    }
}
