package io.fluxion.op;

import io.fluxion.expr.Primitive;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.KernelCall;
import io.fluxion.tensor.internal.Storage;

/**
 * A built-in primitive whose kernel computes in every dtype: its kernels dispatch on the output's
 * dtype to the float64 loops or to their generated float32 twins. Its kernel is its
 * {@link #applyInto}, on Fluxion's internal storage accessor.
 */
interface AnyDType extends Primitive {
    @Override
    default boolean supports(DType dtype) {
        return true;
    }

    /** Runs {@link #applyInto} on the call's arguments and output (for a kernel that delegates to this one). */
    @Override
    default void compute(KernelCall call) {
        applyInto(Storage.arguments(call), Storage.output(call));
    }
}
