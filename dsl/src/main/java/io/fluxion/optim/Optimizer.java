package io.fluxion.optim;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * An optimizer: a named {@link GradientTransformation} whose updates are added to the
 * parameters, so that {@link #update} returns the new parameters. Pure, as in optax: the state
 * is a value passed in and returned, never kept inside.
 *
 * <pre>{@code
 * var opt = Optimizers.adam(1e-3);
 * var state = opt.init(params);
 * for (...) { var step = opt.update(grads(params), state, params); params = step.params(); state = step.state(); }
 * }</pre>
 *
 * @param name the name errors use, such as {@code "adam"}
 * @param transformation turns gradients into the updates added to the parameters
 * @param <S> the state type
 */
public record Optimizer<S>(String name, GradientTransformation<S> transformation) implements Chainable<S> {

    /** Checks the name. */
    public Optimizer {
        if (name.isBlank()) {
            throw new IllegalArgumentException("Optimizer: the name must not be blank");
        }
    }

    /** The optimizer that adds the updates of {@code updates} (a transformation or a chain) to the parameters. */
    public static <S> Optimizer<S> of(String name, Chainable<S> updates) {
        return new Optimizer<>(name, updates.transformation());
    }

    /** The initial state for these parameters. */
    public S init(Params params) {
        return transformation.init(params);
    }

    /**
     * One step: the new parameters, {@code params + updates}, and the new state.
     *
     * @throws IllegalArgumentException naming this optimizer if {@code grads} and {@code params}
     *     do not hold the same variables
     */
    public Step<S> update(Params grads, S state, Params params) {
        Option<String> why = params.mismatch(grads, "the parameters", "the gradients");
        if (why.isDefined()) {
            throw new IllegalArgumentException(name + ": " + why.get());
        }
        Update<S> u = transformation.update(grads, state, params);
        return new Step<>(params.plus(u.updates()), u.state());
    }

    /**
     * {@link #update} written as expressions, when the transformation has a symbolic form (see
     * {@link GradientTransformation#symbolic}): given the parameters' variables and the gradients'
     * expressions, the {@link SymbolicUpdate#updates() updates} are the new parameters,
     * {@code p + u}, with the same values as {@link #update}. Training compiles it with the
     * gradients into one program.
     */
    public Option<SymbolicUpdate<S>> symbolic(List<Var> params, List<Expr> grads) {
        return transformation.symbolic(params, grads).map(u -> new SymbolicUpdate<>(
                params.zip(u.updates()).map(pu -> pu._1.plus(pu._2)), u.inputs(), u.outputs(), u.bind(), u.next(),
                u.numbers()));
    }
}
