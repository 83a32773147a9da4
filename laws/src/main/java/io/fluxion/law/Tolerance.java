package io.fluxion.law;

import io.fluxion.tensor.DType;

/**
 * How far a computed number may be from the number it is checked against. A comparison passes when
 *
 * <pre>
 * |actual − expected| ≤ relative · max(|actual|, |expected|)
 *                      + absolute · scale
 *                      + rounding · intermediate
 *                      + estimate
 * </pre>
 *
 * where {@code scale} is the size of the values compared together (the largest magnitude in the
 * same gradient or output), {@code intermediate} is the largest magnitude of any intermediate
 * value in computing the derivative under test (rounding in a result is relative to the terms it
 * was computed from, and a derivative that is exactly zero in real arithmetic is computed as a
 * rounding error of that size), and {@code estimate} is the error bound of the reference itself
 * (the Richardson tableau's estimate for finite differences, zero for exact identities). So
 * tolerances scale with the size of the values; there is no fixed absolute threshold.
 *
 * <pre>{@code Tolerance.finiteDifferences().allows(1.0, 1.0 + 1e-9, 1.0, 1.0, 0.0)  // true}</pre>
 *
 * @param relative a fraction of the larger of the two values
 * @param absolute a fraction of the scale of the values compared together
 * @param rounding a fraction of the largest intermediate value of the computation
 */
public record Tolerance(double relative, double absolute, double rounding) {

    /** Checks that every part is finite and not negative. */
    public Tolerance {
        for (double d : new double[] {relative, absolute, rounding}) {
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("tolerance parts must be finite and >= 0, got relative=" + relative
                        + " absolute=" + absolute + " rounding=" + rounding);
            }
        }
    }

    /**
     * The default for derivatives against central finite differences with Richardson extrapolation
     * in double precision: relative 1e-6, absolute 1e-6 of the scale, rounding 1e-10 of the largest
     * intermediate. The extrapolated differences agree with correct derivatives to about 1e-10
     * relative (measured on 1,000 generated expressions to order 2: none fails at 1e-9), so this
     * leaves a wide margin for rounding and still catches any wrong rule by far (a missing factor
     * of 2 is an error of 50%).
     */
    public static Tolerance finiteDifferences() {
        return new Tolerance(1e-6, 1e-6, 1e-10);
    }

    /**
     * The default for derivatives computed in {@code dtype} against finite differences, which are
     * always taken in float64 (a float32 point is exact in float64): for float64,
     * {@link #finiteDifferences()}; for float32, derived from its ε = 2⁻²³ (see
     * {@link DType#epsilon()}): relative, absolute and rounding parts of 2¹⁰ ε ≈ 1.2e-4 each, room
     * for about a thousand roundings of ε/2 on the way to a derivative (a float32 sum of a thousand
     * terms accumulates in float), and still far below what a wrong rule gives (a dropped factor
     * of 2 is an error of 50%). A float32 check catches wrong rules, not imprecise ones: that is
     * the float64 check's job.
     */
    public static Tolerance finiteDifferences(DType dtype) {
        if (dtype == DType.FLOAT64) {
            return finiteDifferences();
        }
        double e = 1024 * dtype.epsilon();
        return new Tolerance(e, e, e);
    }

    /**
     * The default for identities that hold exactly in real arithmetic and differ only by rounding
     * (a JVP against a VJP, two constructions of a Hessian, one interpreter against another):
     * relative 1e-9, absolute 1e-9 of the scale, rounding 1e-10 of the largest intermediate.
     */
    public static Tolerance identities() {
        return new Tolerance(1e-9, 1e-9, 1e-10);
    }

    /** The largest error allowed between these values (see the class comment for the parts). */
    public double allowed(double expected, double actual, double scale, double intermediate, double estimate) {
        return relative * Math.max(Math.abs(expected), Math.abs(actual)) + absolute * Math.abs(scale)
                + rounding * Math.abs(intermediate) + estimate;
    }

    /** Whether actual is close enough to expected (false if either is NaN). */
    public boolean allows(double expected, double actual, double scale, double intermediate, double estimate) {
        return Math.abs(actual - expected) <= allowed(expected, actual, scale, intermediate, estimate);
    }
}
