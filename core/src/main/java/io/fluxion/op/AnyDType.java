package io.fluxion.op;

import io.fluxion.expr.Primitive;
import io.fluxion.tensor.DType;

/**
 * A built-in primitive whose kernel computes in every dtype: its kernels dispatch on the output's
 * dtype to the float64 loops or to their generated float32 twins.
 */
interface AnyDType extends Primitive {
    @Override
    default boolean supports(DType dtype) {
        return true;
    }
}
