package io.fluxion.tensor.internal;

/** What {@link Kernels#reduce} computes over the reduced axes. */
public enum Reducer {
    /** The sum. */
    SUM,
    /** The maximum (NaN wins). */
    MAX,
    /** The minimum (NaN wins). */
    MIN,
    /** log Σ exp, stabilised by the maximum. */
    LOG_SUM_EXP
}
