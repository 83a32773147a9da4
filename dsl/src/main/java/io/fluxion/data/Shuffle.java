package io.fluxion.data;

/**
 * A seeded permutation that is the same on every JVM, because both parts are specified here:
 * the SplitMix64 generator (Steele, Lea and Flood, 2014; the generator behind
 * {@code java.util.SplittableRandom}, whose bounded draws are not specified across releases)
 * and the Fisher–Yates shuffle with unbiased bounded draws.
 */
final class Shuffle {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** A generator whose first draw is SplitMix64's first output for {@code seed}. */
    Shuffle(long seed) {
        this.state = seed;
    }

    /** A permuted copy of {@code items}; the same seed gives the same order. */
    static int[] permute(int[] items, long seed) {
        int[] out = items.clone();
        Shuffle g = new Shuffle(seed);
        for (int i = out.length - 1; i > 0; i--) {
            int j = g.below(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /** The next 64 random bits (SplitMix64). */
    long next() {
        long z = state += GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in 0..bound-1: rejecting the top partial range of 63-bit draws removes modulo bias. */
    int below(int bound) {
        long bits;
        long r;
        do {
            bits = next() >>> 1;
            r = bits % bound;
        } while (bits - r + (bound - 1) < 0);
        return (int) r;
    }
}
