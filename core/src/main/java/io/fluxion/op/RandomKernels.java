package io.fluxion.op;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Parallel;
import io.fluxion.tensor.internal.Storage;

/**
 * The kernel of {@link Randomness.Uniform}: one {@link Threefry} block per element, in float64 or
 * float32. Elements are computed a block of counters at a time ({@link Threefry#blocks}), then
 * turned into numbers in a loop of their own, so that both loops run several elements per
 * instruction; a large output is split across {@link Parallel#shared()}'s threads by whole blocks,
 * and since element i is a function of (key, i) alone, the split never changes a bit.
 */
final class RandomKernels {
    private RandomKernels() {}

    /** Counters per block: the two int scratch arrays (4 KB each) stay in the L1 cache. */
    static final int BLOCK = 1024;
    /** Below this many elements the hand-off to other threads costs more than it saves. */
    private static final int PARALLEL_FROM = 1 << 16;
    /** Blocks per part of a split output: 16,384 elements, some 25 µs of work. */
    private static final int BLOCKS_PER_PART = 16;
    private static final double TWO_TO_MINUS_32 = 0x1.0p-32;
    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;
    private static final double TWO_TO_31 = 0x1.0p31;
    /** The low mantissa bits a double has and a float has not: cleared, the float conversion is exact. */
    private static final long BELOW_FLOAT = (1L << 29) - 1;

    /** Each key's sample of {@code shape}, with {@code stream} folded into the key, into {@code out}. */
    static void uniform(Tensor keys, Shape shape, long stream, Buffer out) {
        double[] words = keys.dtype() == DType.FLOAT32 ? widen(Storage.readFloats(keys)) : Storage.read(keys);
        int n = shape.size();
        int samples = words.length / Keys.WORDS;
        long[] sampleKeys = new long[samples];
        for (int s = 0; s < samples; s++) {
            sampleKeys[s] = Threefry.block(Keys.bits("uniform", words, s * Keys.WORDS), stream);
        }
        int perSample = (n + BLOCK - 1) / BLOCK;
        int blocks = samples * perSample;
        if (blocks == 0) {
            return;
        }
        Fill fill = out.dtype() == DType.FLOAT32
                ? new Fill(sampleKeys, n, perSample, null, Storage.writeFloats(out))
                : new Fill(sampleKeys, n, perSample, Storage.write(out), null);
        Parallel parallel = Parallel.shared();
        // Parts of a few blocks each, claimed by whichever thread is free: a helper that starts
        // late (the machine busy) takes what is left instead of holding the caller up with a half.
        int parts = (long) samples * n < PARALLEL_FROM || parallel.threads() == 1
                ? 1 : (blocks + BLOCKS_PER_PART - 1) / BLOCKS_PER_PART;
        if (parts == 1) {
            fill.blocks(0, blocks);
            return;
        }
        parallel.run(parts, p -> fill.blocks((int) ((long) blocks * p / parts), (int) ((long) blocks * (p + 1) / parts)));
    }

    /** The samples' elements, one block of counters at a time, into {@code intoDoubles} or {@code intoFloats}. */
    private record Fill(long[] keys, int n, int perSample, double[] intoDoubles, float[] intoFloats) {
        /** Blocks [from, to) of all the samples' blocks, sample-major. */
        void blocks(int from, int to) {
            int[] hi = new int[BLOCK];
            int[] lo = new int[BLOCK];
            double[] units = intoFloats != null ? new double[BLOCK] : null;
            for (int b = from; b < to; b++) {
                int s = b / perSample;
                int first = (b % perSample) * BLOCK;
                int count = Math.min(BLOCK, n - first);
                long key = keys[s];
                // Counters are element indices below 2^31: high word 0, low words never wrap.
                Threefry.blocks((int) (key >>> 32), (int) key, 0, first, count, hi, lo);
                if (intoFloats != null) {
                    doubles(hi, lo, count, units, 0);
                    floats(units, count, intoFloats, s * n + first);
                } else {
                    doubles(hi, lo, count, intoDoubles, s * n + first);
                }
            }
        }
    }

    /**
     * {@link #unit} of each block (hi, lo), from the two words: the high word unsigned times 2^-32
     * plus the low word's top 21 bits times 2^-53 is the top 53 bits times 2^-53 exactly (every
     * term is a multiple of 2^-53 below 1), and int-to-double conversions vectorise where a
     * 64-bit shift and conversion may not.
     */
    static void doubles(int[] hi, int[] lo, int count, double[] z, int offset) {
        for (int j = 0; j < count; j++) {
            z[offset + j] = ((hi[j] ^ Integer.MIN_VALUE) + TWO_TO_31) * TWO_TO_MINUS_32
                    + (lo[j] >>> 11) * TWO_TO_MINUS_53;
        }
    }

    /**
     * {@link #towardZero} of each of {@code units}: every unit is 0 or at least 2^-53, a normal
     * float's range, so clearing the 29 mantissa bits a float lacks truncates it, and the
     * conversion of what is left is exact. A loop of its own over units already computed: folded
     * into the loop that computes them, the bit moves kept the JIT from vectorising either.
     */
    static void floats(double[] units, int count, float[] z, int offset) {
        for (int j = 0; j < count; j++) {
            z[offset + j] = (float) Double.longBitsToDouble(Double.doubleToRawLongBits(units[j]) & ~BELOW_FLOAT);
        }
    }

    /** The top 53 bits as a number in [0, 1). */
    static double unit(long bits) {
        return (bits >>> 11) * TWO_TO_MINUS_53;
    }

    /** u as a float32, rounded toward zero (to nearest, a u just below 1 would become 1). */
    static float towardZero(double u) {
        float f = (float) u;
        return f > u ? Math.nextDown(f) : f;
    }

    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
