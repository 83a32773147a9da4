package io.fluxion.expr;

import io.fluxion.tensor.Shape;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A variable: a named input of fixed shape, bound to a tensor when an expression is evaluated. It
 * has no dtype of its own: as in {@code jax.jit}, its value's dtype is the bound tensor's.
 * Two variables are the same only if they were made by the same call (the {@code id}), even if
 * their names agree.
 *
 * @param name the name, used in printing and error messages
 * @param shape the shape every binding must have
 * @param id the identity
 */
public record Var(String name, Shape shape, long id) implements Expr, java.io.Serializable {

    private static final AtomicLong NEXT = new AtomicLong();

    /** Checks the name. */
    public Var {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a variable needs a non-blank name");
        }
    }

    /** A fresh variable. */
    public static Var of(String name, Shape shape) {
        return new Var(name, shape, NEXT.incrementAndGet());
    }

    /** Never weak: the dtype of a variable's value is the dtype of the tensor bound to it. */
    @Override
    public boolean weak() {
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
