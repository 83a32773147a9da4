package io.fluxion.law;

import io.vavr.collection.List;

/**
 * One failed comparison: which check, which variable (or output and direction), which element,
 * the expected and actual values, the error and the error allowed.
 *
 * <pre>{@code reverse: x[1]: expected 1.0806, actual 0.5403, error 0.5403 > allowed 1.6e-6}</pre>
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

    @Override
    public String toString() {
        return check + ": " + location() + ": expected " + expected + ", actual " + actual + ", error "
                + String.format("%.3g", error) + " > allowed " + String.format("%.3g", allowed);
    }
}
