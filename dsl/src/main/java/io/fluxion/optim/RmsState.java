package io.fluxion.optim;

import io.fluxion.nn.Params;
import java.io.Serializable;

/**
 * The state of {@link Transformations#scaleByRms}: PyTorch's {@code square_avg}.
 *
 * @param squareAvg the running average of the squared gradients, zeros at first
 */
public record RmsState(Params squareAvg) implements Serializable {}
