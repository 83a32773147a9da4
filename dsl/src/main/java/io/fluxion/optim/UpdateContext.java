package io.fluxion.optim;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import java.util.function.LongToDoubleFunction;

/**
 * What a {@link GradientTransformation#update} is written in besides the updates and parameters:
 * its state, declared as {@link Slot}s with their initial values, and its numbers (a learning
 * rate, a decay, a bias correction), each a scalar input bound at every step rather than a
 * constant, so that a schedule changes no program and simplification folds nothing (folding
 * {@code c1 * (c2 * x)} into {@code (c1 c2) x} would round differently). In a float32 step the
 * numbers are bound rounded to float32 once, as PyTorch and JAX treat a Python float, so a
 * float32 step computes nothing in float64.
 *
 * <pre>{@code
 * (updates, params, c) -> {
 *     Slot buf = c.zeros("trace");
 *     Expr k = c.number("decay", 0.9);
 *     List<Expr> next = buf.values().zip(updates).map(bu -> bu._1.times(k).plus(bu._2));
 *     return Update.of(next).with(buf, next);
 * }
 * }</pre>
 *
 * <p>A context lives for one tracing of an update, on one thread.
 */
public final class UpdateContext {
    private final String prefix;
    private final Declarations declared;

    UpdateContext(String prefix, Declarations declared) {
        this.prefix = prefix;
        this.declared = declared;
    }

    /**
     * A slot of the state, one tensor per parameter of its shape and dtype, zeros at first.
     *
     * @throws IllegalArgumentException if the name is blank, holds a '.', is {@code count} or is taken
     */
    public Slot zeros(String name) {
        return filled(name, 0);
    }

    /** As {@link #zeros}, every element {@code initial} at first (Adagrad's initial accumulator). */
    public Slot filled(String name, double initial) {
        String path = prefix + checked("slot", name);
        if (name.equals(OptimizerState.COUNT)) {
            throw new IllegalArgumentException("UpdateContext: the slot name '" + name + "' is kept for the step count");
        }
        return declared.slot(path, initial);
    }

    /** A number bound at every step, always {@code value}: {@code c.number("beta1", 0.9)}. */
    public Expr number(String name, double value) {
        return declared.number(Var.of(prefix + checked("number", name), Shape.scalar()), n -> value, false, "");
    }

    /**
     * A number bound at every step to {@code atCount} of the number of updates this transformation
     * made before (0 for the first), as optax's {@code count}: a learning-rate schedule, a bias
     * correction. Declaring one keeps that count in the state. {@code atCount} may throw an
     * {@link IllegalArgumentException} for a count it refuses; the step then fails with it.
     */
    public Expr number(String name, LongToDoubleFunction atCount) {
        return declared.number(Var.of(prefix + checked("number", name), Shape.scalar()), atCount, true,
                prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1));
    }

    /**
     * The context of a part of a combined transformation, whose slots and count are kept apart
     * from the other parts' under {@code name}: {@link Optimizers#chain} gives part i the context
     * {@code part("" + i)}.
     */
    public UpdateContext part(String name) {
        return new UpdateContext(prefix + checked("part", name) + ".", declared);
    }

    private static String checked(String what, String name) {
        if (name.isBlank() || name.contains(".")) {
            throw new IllegalArgumentException("UpdateContext: a " + what + " name must be non-blank and hold no '.', got '"
                    + name + "'");
        }
        return name;
    }
}
