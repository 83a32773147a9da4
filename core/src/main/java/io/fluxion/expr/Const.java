package io.fluxion.expr;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;

/**
 * A constant: a tensor that derivatives treat as fixed. A float64 constant is weak: it takes the
 * dtype of what it meets ({@code x.times(2)} is float32 when x is); a float32 one is strong (see
 * {@link io.fluxion.tensor.DType}).
 *
 * @param value the tensor
 */
public record Const(Tensor value) implements Expr, java.io.Serializable {

    /** A scalar constant. */
    public static Const of(double v) {
        return new Const(Tensor.scalar(v));
    }

    @Override
    public Shape shape() {
        return value.shape();
    }

    /** Weak when float64. */
    @Override
    public boolean weak() {
        return value.dtype() == io.fluxion.tensor.DType.FLOAT64;
    }

    /** Whether every element equals {@code v}. */
    public boolean isAll(double v) {
        return value.isAll(v);
    }

    @Override
    public String toString() {
        return value.shape().isScalar() ? value.toCompactString() : "const " + value.shape();
    }
}
