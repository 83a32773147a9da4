package io.fluxion.optim;

import io.fluxion.nn.Params;
import java.io.Serializable;

/**
 * The state of {@link Transformations#scaleByAdagrad}: PyTorch's {@code sum}.
 *
 * @param sum the initial accumulator plus the sum of all squared gradients so far
 */
public record AdagradState(Params sum) implements Serializable {}
