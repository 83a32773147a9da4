package io.fluxion.nn;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that is also {@link Serializable}, so that a lambda written where one is
 * expected can be shipped with a model, for example to Spark executors: Java serialises a lambda
 * only when its target type is serializable.
 *
 * <pre>{@code SerializableFunction<Expr, Expr> forward = x -> x.times(w).plus(b);}</pre>
 *
 * <p>A lambda stays serializable only if what it captures is: {@link io.fluxion.expr.Var}s,
 * constants and other serializable functions are.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {

    /** The identity, serializable: {@code SerializableFunction.identity().apply(x) == x}. */
    static <T> SerializableFunction<T, T> identity() {
        return t -> t;
    }

    /** This function, then {@code after}, as a serializable function: {@code relu.andThen(softmax)}. */
    default <V> SerializableFunction<T, V> andThen(SerializableFunction<? super R, ? extends V> after) {
        return t -> after.apply(apply(t));
    }
}
