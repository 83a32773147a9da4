package io.fluxion.optim;

import io.fluxion.nn.Params;
import java.io.Serializable;

/**
 * The state of {@link Transformations#trace}: the momentum buffer of every parameter, PyTorch's
 * {@code momentum_buffer}.
 *
 * @param trace the buffer, zeros at first
 */
public record TraceState(Params trace) implements Serializable {}
