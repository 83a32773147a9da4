package io.fluxion.nn;

import io.fluxion.expr.Expr;
import java.io.Serializable;

/**
 * A loss: a scalar expression of a model's prediction and the target, for training to minimise.
 * Serializable, so lambdas and method references of this type are too.
 *
 * <pre>{@code Loss l = Losses::mse;   Expr value = l.apply(model.apply(x), y);}</pre>
 */
@FunctionalInterface
public interface Loss extends Serializable {

    /** The loss of {@code prediction} against {@code target}, a scalar. */
    Expr apply(Expr prediction, Expr target);
}
