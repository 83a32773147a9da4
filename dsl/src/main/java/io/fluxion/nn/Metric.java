package io.fluxion.nn;

import io.fluxion.expr.Expr;
import java.io.Serializable;

/**
 * A metric: a scalar expression of a prediction and its target that training reports (its mean
 * over the examples) but does not minimise. Any {@link Losses} method fits too.
 *
 * <pre>{@code Metric acc = Metrics::accuracy;   Metric mse = Losses::mse;}</pre>
 */
@FunctionalInterface
public interface Metric extends Serializable {

    /** The metric of {@code prediction} against {@code target}, a scalar. */
    Expr apply(Expr prediction, Expr target);
}
