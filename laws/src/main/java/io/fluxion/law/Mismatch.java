package io.fluxion.law;

import io.vavr.collection.List;

/**
 * One failed comparison: which check, which variable (or output and direction), which element,
 * the expected and actual values, the error and the error allowed.
 *
 * <pre>{@code reverse: x[1]: expected 1.0806, actual 0.5403, error 0.540 (relative 0.500) > allowed 1.62e-06}</pre>
 *
 * A value that is not finite prints as Java prints it ({@code NaN}, {@code Infinity}) and the
 * comparison says so.
 *
 * @param check the check, such as {@code reverse} or {@code forward-over-reverse}
 * @param where the variable, or the output and direction, compared
 * @param element the NumPy index of the element (empty for a scalar)
 * @param expected the reference value (finite differences, or the other side of an identity)
 * @param actual the value under test
 * @param error {@code |actual - expected|}
 * @param allowed the largest error the tolerance allowed
 */
public record Mismatch(String check, String where, List<Integer> element, double expected, double actual,
        double error, double allowed) {

    /** The element as NumPy prints an index: {@code x[1, 2]}, or {@code x} for a scalar. */
    public String location() {
        return element.isEmpty() ? where : where + element.mkString("[", ", ", "]");
    }

    /**
     * The ratio of the error to the error allowed: above 1 for a failure, infinite when either
     * value is not finite or nothing was allowed.
     */
    public double severity() {
        if (!Double.isFinite(expected) || !Double.isFinite(actual) || !(error >= 0)) {
            return Double.POSITIVE_INFINITY;
        }
        if (!(allowed > 0)) {
            return error > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return error / allowed;
    }

    @Override
    public String toString() {
        String head = check + ": " + location() + ": expected " + expected + ", actual " + actual;
        if (!Double.isFinite(expected) || !Double.isFinite(actual)) {
            return head + ", not finite";
        }
        double larger = Math.max(Math.abs(expected), Math.abs(actual));
        String relative = larger > 0 ? " (relative " + String.format("%.3g", error / larger) + ")" : "";
        return head + ", error " + String.format("%.3g", error) + relative + " > allowed "
                + String.format("%.3g", allowed);
    }
}
