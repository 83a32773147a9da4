package io.fluxion.train;

/**
 * The seeds training derives from the one a user gives, the same on every JVM.
 *
 * <pre>{@code data.epoch(100, Seeds.forEpoch(0L, 3))   // the order of epoch 3 of epochs(data, 100, 0L)}</pre>
 */
public final class Seeds {
    private Seeds() {}

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /**
     * The shuffling seed of epoch {@code epoch} (from 1): the epoch-th output of the SplitMix64
     * generator seeded with {@code seed}, so that neighbouring seeds and epochs give unrelated orders.
     */
    public static long forEpoch(long seed, int epoch) {
        long z = seed + epoch * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
