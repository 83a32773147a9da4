package io.fluxion.nn;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that is also {@link Serializable}, as {@link SerializableFunction} is for
 * one argument: a model's training forward function, {@code (x, keys) -> ...}, travels with it.
 *
 * @param <T> the first argument's type
 * @param <U> the second argument's type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<T, U, R> extends BiFunction<T, U, R>, Serializable {}
