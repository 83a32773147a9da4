package io.fluxion.op;

import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;

/**
 * Random keys, as JAX's {@code jax.random.key}: a key is 64 bits that name a stream of random
 * numbers, and {@link Randomness#uniform} draws from a key an input of an expression, so that a
 * program is compiled once and gets new numbers each run from a new key. A key is a tensor of
 * shape (4): its bits as four 16-bit words, most significant first, each held exactly by a float64
 * or a float32; keys stacked on leading axes, (..., 4), draw one sample each.
 *
 * <pre>{@code
 * Tensor key = Keys.of(42L);
 * Tensor step = Keys.fold(Keys.fold(key, epoch), step);   // jax.random.fold_in
 * Tensor perExample = Keys.rows(step, 0, 128);           // (128, 4): one key per example
 * }</pre>
 *
 * <p>Folding in data is one block of {@link Threefry}: the key's bits are Threefry's key, the data
 * its counter, as JAX folds with its Threefry implementation.
 */
public final class Keys {
    private Keys() {}

    /** The number of words in a key. */
    public static final int WORDS = 4;

    /** The key of a seed: its 64 bits, as {@code jax.random.key(seed)}. */
    public static Tensor of(long seed) {
        return Tensor.of(Shape.vector(WORDS), words(seed));
    }

    /**
     * The key of {@code key} with {@code data} folded in, as {@code jax.random.fold_in}: a new key,
     * unrelated to the keys of other data.
     *
     * @throws IllegalArgumentException if {@code key} is not a key (see {@link #bits})
     */
    public static Tensor fold(Tensor key, long data) {
        return of(Threefry.block(bits(key), data));
    }

    /**
     * The keys of {@code key} with {@code first}, {@code first + 1}, … folded in, as rows of a
     * (n, 4) tensor: one key per example of a batch whose first row is example {@code first}, so
     * that a shard of a batch gets the rows of the batch's keys.
     *
     * @throws IllegalArgumentException if {@code key} is not a key, or n is below 1
     */
    public static Tensor rows(Tensor key, long first, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Keys.rows: n must be at least 1, got " + n);
        }
        long k = bits(key);
        double[] out = new double[n * WORDS];
        for (int i = 0; i < n; i++) {
            System.arraycopy(words(Threefry.block(k, first + i)), 0, out, i * WORDS, WORDS);
        }
        return Tensor.of(Shape.matrix(n, WORDS), out);
    }

    /**
     * The 64 bits of a key tensor.
     *
     * @throws IllegalArgumentException if it is not of shape (4), or a word is not a whole number in 0..65535
     */
    public static long bits(Tensor key) {
        if (!key.shape().equals(Shape.vector(WORDS))) {
            throw new IllegalArgumentException("Keys: a key has shape (" + WORDS + "), got " + key.shape()
                    + "; make one with Keys.of(seed)");
        }
        double[] w = key.to(DType.FLOAT64).toArray();
        return bits("Keys", w, 0);
    }

    /** The bits of the key in {@code words[at..at + 3]}, or an error naming {@code op} and the word. */
    static long bits(String op, double[] words, int at) {
        long k = 0;
        for (int j = 0; j < WORDS; j++) {
            double v = words[at + j];
            int word = (int) v;
            if (word != v || word < 0 || word > 0xFFFF) {
                throw new IllegalArgumentException(op + ": word " + j + " of the key at element " + at + " is " + v
                        + ", not a whole number in 0..65535; make keys with Keys.of(seed)");
            }
            k = k << 16 | word;
        }
        return k;
    }

    private static double[] words(long bits) {
        double[] w = new double[WORDS];
        for (int j = 0; j < WORDS; j++) {
            w[j] = (bits >>> (16 * (WORDS - 1 - j))) & 0xFFFF;
        }
        return w;
    }
}
