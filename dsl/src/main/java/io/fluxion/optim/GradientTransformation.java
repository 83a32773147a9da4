package io.fluxion.optim;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.vavr.collection.List;
import io.vavr.control.Option;
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

    /**
     * This update written as expressions, when it can be: over the parameters' variables
     * {@code params} and the incoming {@code updates} (one expression per parameter, in that
     * order), giving the same values as {@link #update}. Training then compiles it into the step's
     * program; without it (the default, none) training runs {@link #update} on tensors.
     */
    default Option<SymbolicUpdate<S>> symbolic(List<Var> params, List<Expr> updates) {
        return Option.none();
    }

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
        return of(init, update, (params, updates) -> Option.none());
    }

    /**
     * A transformation from its two functions and its update written as expressions (see
     * {@link #symbolic}), which must give the same values as {@code update}.
     */
    static <S> GradientTransformation<S> of(Function<Params, S> init, UpdateFunction<S> update,
            SymbolicFunction<S> symbolic) {
        return new GradientTransformation<>() {
            @Override
            public S init(Params params) {
                return init.apply(params);
            }

            @Override
            public Update<S> update(Params updates, S state, Params params) {
                return update.apply(updates, state, params);
            }

            @Override
            public Option<SymbolicUpdate<S>> symbolic(List<Var> params, List<Expr> updates) {
                return symbolic.apply(params, updates);
            }
        };
    }

    /**
     * The symbolic half of a transformation, for {@link #of(Function, UpdateFunction, SymbolicFunction)}.
     *
     * @param <S> the state type
     */
    @FunctionalInterface
    interface SymbolicFunction<S> {

        /** As {@link GradientTransformation#symbolic}. */
        Option<SymbolicUpdate<S>> apply(List<Var> params, List<Expr> updates);
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
