package io.fluxion.optim;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.vavr.collection.List;

/**
 * A gradient transformation as in optax, its update written once, over expressions: given the
 * incoming updates (at first the gradients) and the parameters' variables, it returns the
 * outgoing updates and the next values of its state's {@link Slot}s, declared in the
 * {@link UpdateContext} with their initial values. That one function is what training compiles
 * into its fused step (as {@code jax.jit(train_step)}), what a sharded step and Spark's driver
 * apply, and what {@link Optimizer#update} evaluates on tensors; {@link #init} makes the state
 * its slots declare. Transformations compose with {@link Optimizers#chain}, and an
 * {@link Optimizer} adds the final updates to the parameters.
 *
 * <pre>{@code
 * GradientTransformation half = (updates, params, c) -> {
 *     Expr k = c.number("half", 0.5);
 *     return Update.of(updates.map(u -> u.times(k)));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface GradientTransformation extends Chainable {

    /**
     * The update as expressions.
     *
     * @param updates the incoming updates, one expression per parameter in the parameters' order
     *     (the gradients, for the first transformation of a chain)
     * @param params the parameters' variables, for transformations that read them (weight decay)
     * @param context where the state's slots and the numbers are declared
     */
    Update update(List<Expr> updates, List<Var> params, UpdateContext context);

    /** The initial state for these parameters: every slot the update declares, filled with its initial value. */
    default OptimizerState init(Params params) {
        return TracedUpdate.of("init", this, params.vars(), params.vars().map(v -> (Expr) v)).init(params);
    }

    /** This transformation itself. */
    @Override
    default GradientTransformation transformation() {
        return this;
    }
}
