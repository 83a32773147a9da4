package io.fluxion.nn;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, 2014), written out so that a seed gives the
 * same numbers on every JVM: {@code java.util.Random}'s Gaussian and {@code SplittableRandom}'s
 * bounded draws are not specified across releases. Not thread-safe; each initialisation makes
 * its own.
 */
final class SplitMix {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits. */
    long next() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** SplitMix64's output function: a bijection that scatters nearby inputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1), from the top 53 bits. */
    double uniform() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    /**
     * A standard normal draw by the Box–Muller transform, one per call (the second value is
     * dropped to keep the state simple). {@link StrictMath} gives the same bits on every JVM.
     */
    double gaussian() {
        double u = 1 - uniform(); // in (0, 1], so the logarithm is finite
        double v = uniform();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }
}
