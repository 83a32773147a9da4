package io.fluxion.tensor;

/**
 * The element type of a tensor: {@link #FLOAT64} (the default everywhere) or {@link #FLOAT32}.
 *
 * <p>As in {@code jax.jit}, a variable has a shape and no dtype: the dtype flows from the values
 * bound to it. Where operands of two dtypes meet, the result has the wider one, as NumPy promotes
 * ({@code float32} with {@code float64} gives {@code float64}). A float64 constant written in an
 * expression is <em>weak</em> (JAX's weak types): it takes the dtype of what it meets, so
 * {@code x.times(2)} stays float32 when x is; a float32 constant is strong.
 *
 * <pre>{@code Tensor t = Tensor.ones(Shape.of(2, 3), DType.FLOAT32); t.to(DType.FLOAT64)}</pre>
 */
public enum DType {
    /** IEEE 754 double precision, Java's {@code double}: 53 bits of significand. */
    FLOAT64,
    /** IEEE 754 single precision, Java's {@code float}: 24 bits of significand, half the memory. */
    FLOAT32;

    /** The dtype of a result whose operands have this dtype and {@code other}: the wider of the two. */
    public DType promote(DType other) {
        return this == FLOAT64 || other == FLOAT64 ? FLOAT64 : FLOAT32;
    }

    /** The bytes one element takes. */
    public int bytes() {
        return this == FLOAT64 ? 8 : 4;
    }

    /**
     * The unit round-off of this dtype's arithmetic, the distance from 1 to the next number:
     * 2⁻⁵² for float64, 2⁻²³ for float32.
     */
    public double epsilon() {
        return this == FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
    }

    /** NumPy's name: {@code float64} or {@code float32}. */
    @Override
    public String toString() {
        return this == FLOAT64 ? "float64" : "float32";
    }
}
