package io.fluxion.law;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Primitive draws from QuickTheories' randomness source. Every draw has a shrink point, so a
 * failing example shrinks towards first choices, the middle of intervals and simple constants.
 */
final class Draws {
    /** The resolution of a drawn real: 2^20 steps across its interval. */
    private static final long STEPS = 1L << 20;

    private Draws() {}

    /** One of 0..n-1, shrinking towards 0. */
    static int pick(RandomnessSource src, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("nothing to pick from");
        }
        return n == 1 ? 0 : (int) src.next(Constraint.between(0, n - 1).withShrinkPoint(0));
    }

    /** Whether a draw of 0..99 falls under {@code percent}; shrinks towards true. */
    static boolean chance(RandomnessSource src, int percent) {
        return src.next(Constraint.between(0, 99).withShrinkPoint(0)) < percent;
    }

    /** A real in [low, high] on a fine grid, shrinking towards the middle. */
    static double real(RandomnessSource src, double low, double high) {
        return real(src, low, high, (low + high) / 2);
    }

    /** A real in [low, high] on a fine grid, shrinking towards {@code simple} (inside the interval). */
    static double real(RandomnessSource src, double low, double high, double simple) {
        if (low == high) {
            return low;
        }
        long target = Math.round((simple - low) / (high - low) * STEPS);
        long k = src.next(Constraint.between(0, STEPS).withShrinkPoint(Math.max(0, Math.min(STEPS, target))));
        return low + (high - low) * k / STEPS;
    }

    /** A multiple of {@code unit} from {@code lowUnits} to {@code highUnits} units, shrinking towards {@code simple}. */
    static double coarse(RandomnessSource src, int lowUnits, int highUnits, int simple, double unit) {
        return unit * src.next(Constraint.between(lowUnits, highUnits).withShrinkPoint(simple));
    }

    /** A tensor of reals in [low, high], shrinking towards {@code simple}. */
    static Tensor tensor(RandomnessSource src, Shape s, double low, double high, double simple) {
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = real(src, low, high, simple);
        }
        return Tensor.of(s, d);
    }
}
