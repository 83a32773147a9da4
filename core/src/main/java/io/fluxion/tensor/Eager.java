package io.fluxion.tensor;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Promotion;

/**
 * {@link Tensor}'s eager operations, as {@code jax.numpy} on concrete arrays: each builds the node
 * an expression on constants would ({@code new Const(t).argmax(1)}), so a bad axis fails with the
 * expression's own message naming the shape, and runs that node's primitive on the tensors as
 * {@code Evaluate} does ({@link Promotion#value}). One implementation of each operation, the
 * primitive's: an eager value is bit for bit the evaluated expression's.
 *
 * <p>The one place where the tensor package reaches expressions (and, through them, the
 * primitives), as the fluent methods of {@code Expr} are the one place where expressions reach
 * the primitives.
 */
final class Eager {
    private Eager() {}

    /** The value of the node {@code build} makes from constants holding {@code args}. */
    private static Tensor apply(java.util.function.Function<Const[], Expr> build, Tensor... args) {
        Const[] constants = new Const[args.length];
        for (int i = 0; i < args.length; i++) {
            constants[i] = new Const(args[i]);
        }
        Expr node = build.apply(constants);
        if (!(node instanceof Apply a) || !appliesTo(a, constants)) {
            // The operations here each build one node over their operands; a factory that rewrote
            // them would need evaluating as a graph, which this is not.
            throw new IllegalStateException("Tensor: " + node + " is not one primitive applied to its operands");
        }
        return Promotion.value(a, args);
    }

    private static boolean appliesTo(Apply a, Const[] constants) {
        if (a.args().size() != constants.length) {
            return false;
        }
        int i = 0;
        for (Expr arg : a.args()) {
            if (arg != constants[i++]) {
                return false;
            }
        }
        return true;
    }

    static Tensor matmul(Tensor a, Tensor b) {
        // Two tensors promote, as Tensor.plus does (a float64 tensor is not a weak constant).
        DType d = a.dtype().promote(b.dtype());
        return apply(c -> c[0].matmul(c[1]), a.to(d), b.to(d));
    }

    static Tensor argmax(Tensor x, int axis) {
        return apply(c -> c[0].argmax(axis), x);
    }

    static Tensor sum(Tensor x, int... axes) {
        return apply(c -> c[0].sum(axes), x);
    }

    static Tensor mean(Tensor x, int... axes) {
        return apply(c -> c[0].mean(axes), x);
    }

    static Tensor max(Tensor x, int... axes) {
        return apply(c -> c[0].max(axes), x);
    }

    static Tensor min(Tensor x, int... axes) {
        return apply(c -> c[0].min(axes), x);
    }

    static Tensor exp(Tensor x) {
        return apply(c -> c[0].exp(), x);
    }

    static Tensor log(Tensor x) {
        return apply(c -> c[0].log(), x);
    }

    static Tensor slice(Tensor x, int axis, int from, int to) {
        return apply(c -> c[0].slice(axis, from, to), x);
    }
}
