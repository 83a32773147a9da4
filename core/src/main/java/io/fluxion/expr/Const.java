package io.fluxion.expr;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;

/**
 * A constant: a tensor that derivatives treat as fixed.
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

    /** Whether every element equals {@code v}. */
    public boolean isAll(double v) {
        return value.isAll(v);
    }

    @Override
    public String toString() {
        return value.shape().isScalar() ? value.toString() : "const " + value.shape();
    }
}
