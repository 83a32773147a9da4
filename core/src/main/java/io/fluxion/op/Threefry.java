package io.fluxion.op;

/**
 * The Threefry-2×32 block function with 20 rounds (Salmon, Moraes, Dror and Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3", SC 2011), the counter-based generator JAX's keys use: 64 bits from
 * a 64-bit key and a 64-bit counter, with no state, so that element i of a random tensor is a
 * function of (key, i) alone and comes out the same on any number of threads, compiled or not, on
 * any machine. Chosen over a hash such as SplitMix64's finaliser because it is a keyed bijection
 * of the counter built for this use, with published known-answer vectors a test checks it against.
 */
final class Threefry {
    private Threefry() {}

    private static final int[] ROTATIONS = {13, 15, 26, 6, 17, 29, 16, 24};
    /** Skein's key-schedule parity constant. */
    private static final int PARITY = 0x1BD11BDA;

    /**
     * The block of key (k0, k1) and counter (c0, c1), as Random123's {@code threefry2x32}: the
     * first output word in the high 32 bits, the second in the low.
     */
    static long block(int k0, int k1, int c0, int c1) {
        int[] ks = {k0, k1, PARITY ^ k0 ^ k1};
        int x0 = c0 + k0;
        int x1 = c1 + k1;
        for (int r = 0; r < 20; r++) {
            x0 += x1;
            x1 = Integer.rotateLeft(x1, ROTATIONS[r % 8]);
            x1 ^= x0;
            if (r % 4 == 3) {
                int s = (r + 1) / 4;
                x0 += ks[s % 3];
                x1 += ks[(s + 1) % 3] + s;
            }
        }
        return (long) x0 << 32 | (x1 & 0xFFFFFFFFL);
    }

    /** The block of a 64-bit key and a 64-bit counter, each split into high and low words. */
    static long block(long key, long counter) {
        return block((int) (key >>> 32), (int) key, (int) (counter >>> 32), (int) counter);
    }

    /**
     * The blocks of key (k0, k1) and the counters (c0, c1 + j) for j in [0, count), as
     * {@link #block(int, int, int, int)} gives them: block j's high word into {@code hi[j]}, its
     * low word into {@code lo[j]}. The counters' low words must not wrap (c1 + count - 1 stays
     * below 2^32 unsigned), so that c0 is every block's high word. The rounds are unrolled in one
     * loop over independent counters, with each rotation a constant, so that the JIT computes
     * several blocks per instruction: the scalar function's 20 dependent rounds per element are
     * the cost of a random tensor otherwise.
     */
    static void blocks(int k0, int k1, int c0, int c1, int count, int[] hi, int[] lo) {
        for (int j = 0; j < count; j++) {
            lo[j] = c1 + j;
        }
        int k2 = PARITY ^ k0 ^ k1;
        int first = c0 + k0;
        for (int j = 0; j < count; j++) {
            int x0 = first;
            int x1 = lo[j] + k1;
            x0 += x1; x1 = Integer.rotateLeft(x1, 13) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 15) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 26) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 6) ^ x0;
            x0 += k1; x1 += k2 + 1;
            x0 += x1; x1 = Integer.rotateLeft(x1, 17) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 29) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 16) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 24) ^ x0;
            x0 += k2; x1 += k0 + 2;
            x0 += x1; x1 = Integer.rotateLeft(x1, 13) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 15) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 26) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 6) ^ x0;
            x0 += k0; x1 += k1 + 3;
            x0 += x1; x1 = Integer.rotateLeft(x1, 17) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 29) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 16) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 24) ^ x0;
            x0 += k1; x1 += k2 + 4;
            x0 += x1; x1 = Integer.rotateLeft(x1, 13) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 15) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 26) ^ x0;
            x0 += x1; x1 = Integer.rotateLeft(x1, 6) ^ x0;
            x0 += k2; x1 += k0 + 5;
            hi[j] = x0;
            lo[j] = x1;
        }
    }
}
