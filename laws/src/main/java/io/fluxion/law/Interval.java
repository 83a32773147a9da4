package io.fluxion.law;

/**
 * A closed interval of reals, the range of every element of one variable in a {@link Domain}.
 *
 * @param low the smallest value
 * @param high the largest value, not less than {@code low}
 */
public record Interval(double low, double high) {

    /** Checks that the bounds are finite and ordered. */
    public Interval {
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            throw new IllegalArgumentException("an interval needs finite low <= high, got [" + low + ", " + high + "]");
        }
    }

    /** The largest magnitude of a value in the interval. */
    public double bound() {
        return Math.max(Math.abs(low), Math.abs(high));
    }

    @Override
    public String toString() {
        return "[" + low + ", " + high + "]";
    }
}
