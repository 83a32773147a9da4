package io.fluxion.op;

import io.fluxion.op.internal.Shapes;
import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Random numbers drawn from {@link Keys} that are inputs of the expression, as {@code jax.random}:
 * the numbers are a function of the key (and of each element's position), so an expression stays
 * pure, is compiled once, and draws anew each run from the key bound. Kernel: {@link RandomKernels}.
 */
public final class Randomness {
    private Randomness() {}

    /**
     * Uniform numbers in [0, 1) of shape {@code shape} for each key of the argument, a key (4) or
     * keys (..., 4): the result has shape (...) + shape. Element i of a key's sample is the
     * {@link Threefry} block of the key with {@code stream} folded in ({@link Keys#fold}) and
     * counter i: the top 53 bits of the block, times 2⁻⁵³; in float32 (a float32 key), that number
     * rounded toward zero, so that it stays below 1. The key decides the dtype. No derivative
     * flows through a key (the numbers are constant in it), so this is not differentiable.
     */
    public record Uniform(Shape shape, long stream) implements Primitive, AnyDType {
        @Override public String name() { return "uniform"; }
        @Override public Notation notation() { return new Notation.Call("uniform", "shape=" + shape + ", stream=" + stream); }
        @Override public Shape shape(List<Shape> s) {
            Shape key = Shapes.arity("uniform", s, 1).head();
            if (key.rank() < 1 || key.dim(-1) != Keys.WORDS) {
                throw new ShapeException("uniform: needs a key of shape (" + Keys.WORDS + ") or keys (..., "
                        + Keys.WORDS + "), got " + key);
            }
            return key.take(key.rank() - 1).concat(shape);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { RandomKernels.uniform(in[0], shape, stream, out); }
        // Keys stacked on a new leading axis draw a sample each: the same primitive, over more keys.
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Apply.of(this, b.arg(0))); }
        @Override public boolean differentiable(int arg) { return false; }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            throw new IllegalStateException("uniform is not differentiable; no rule should be asked of it");
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            throw new IllegalStateException("uniform is not differentiable; no rule should be asked of it");
        }
    }

    /**
     * Uniform numbers in [0, 1) of {@code shape} from {@code key} (4), or for each of keys (..., 4),
     * as {@code jax.random.uniform(key, shape)}: {@code uniform(k, Shape.of(3, 2), 0L)}.
     */
    public static Expr uniform(Expr key, Shape shape, long stream) {
        return Apply.of(new Uniform(shape, stream), key);
    }
}
