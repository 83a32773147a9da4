package io.fluxion.optim;

import java.io.Serializable;

/** The state of a transformation that keeps none, such as {@link Transformations#scale}. */
public record EmptyState() implements Serializable {}
