package io.fluxion.optim;

import io.fluxion.nn.Params;
import java.io.Serializable;

/**
 * What one {@link Optimizer#update} returns: the new parameters and the optimizer's new state.
 *
 * <pre>{@code Step s = opt.update(grads, state, params); params = s.params(); state = s.state();}</pre>
 *
 * @param params the parameters after the step
 * @param state the state to pass to the next step
 */
public record Step(Params params, OptimizerState state) implements Serializable {}
