package io.fluxion.optim;

import io.fluxion.nn.Params;
import java.io.Serializable;

/**
 * What one {@link GradientTransformation#update} returns: the transformed updates and the
 * transformation's new state, as optax's {@code (updates, state)} pair.
 *
 * @param updates the transformed updates, one per parameter
 * @param state the state to pass to the next call
 * @param <S> the state type
 */
public record Update<S>(Params updates, S state) implements Serializable {}
