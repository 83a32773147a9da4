package io.fluxion.law;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Primitive draws from QuickTheories' randomness source. Every draw has a shrink point, so a
 * failing example shrinks towards first choices and simple constants. The elements of points,
 * directions and cotangents shrink towards {@link #generic} values instead of the middle of their
 * interval: QuickTheories tries every shrink point first, and the middle of a symmetric box is
 * where kinks sit (relu, abs at 0), a direction or cotangent of equal elements hides a rule that is
 * right only for uniform cotangents, and a point of equal elements is a tie for every maximum.
 * Where along that sequence a run's targets start depends on its seed ({@link #during}).
 */
final class Draws {
    /**
     * The resolution of a drawn real: 2^40 steps across its interval, so that a draw lands on a
     * given value (such as the kink at 0 of a symmetric box) with probability 2^-40.
     */
    private static final long STEPS = 1L << 40;
    /** The golden ratio's fractional part: its multiples modulo 1 are as evenly spread as any sequence. */
    private static final double GOLDEN = 0.6180339887498949;
    /** How many different places in the generic sequence runs start from. */
    private static final long RUN_PLACES = 100_003;
    /** How far apart those places are: beyond the offsets of a sample's roles (see {@link Sample#of}). */
    private static final long RUN_STRIDE = 10_000;

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

    /**
     * The fraction of its interval that element i of a tensor shrinks towards: the fractional part
     * of (i + 1) times the golden ratio (0.618, 0.236, 0.854, 0.472, 0.090, …), distinct for every
     * element, never the middle or an end.
     */
    static double generic(int i) {
        double g = GOLDEN * ((long) i + 1 + RUN.get());
        return g - Math.floor(g);
    }

    /**
     * How far along the generic sequence the current run starts: set from the run's seed by
     * {@link #during}, so that the first example of a run (QuickTheories tries every shrink point
     * first) differs from seed to seed, and 0 outside a run.
     */
    private static final ThreadLocal<Long> RUN = ThreadLocal.withInitial(() -> 0L);

    /** Runs {@code body} with shrink targets taken along the generic sequence from a place fixed by the seed. */
    static <R> R during(long seed, java.util.function.Supplier<R> body) {
        long before = RUN.get();
        RUN.set(Math.floorMod(seed, RUN_PLACES) * RUN_STRIDE);
        try {
            return body.get();
        } finally {
            RUN.set(before);
        }
    }

    /**
     * A tensor of reals in [low, high], element i shrinking towards {@code low + (high - low)
     * generic(i + offset)}: draws of different roles (a point, a second direction, a cotangent)
     * take different offsets, so that even their shrink targets differ (two equal directions would
     * make the Hessian's symmetry trivially true).
     */
    static Tensor tensor(RandomnessSource src, Shape s, double low, double high, int offset) {
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = real(src, low, high, low + (high - low) * generic(i + offset));
        }
        return Tensor.of(s, d);
    }
}
