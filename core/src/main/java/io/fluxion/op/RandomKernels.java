package io.fluxion.op;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;

/** The kernel of {@link Randomness.Uniform}: one {@link Threefry} block per element, in float64 or float32. */
final class RandomKernels {
    private RandomKernels() {}

    private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

    /** Each key's sample of {@code shape}, with {@code stream} folded into the key, into {@code out}. */
    static void uniform(Tensor keys, Shape shape, long stream, Buffer out) {
        double[] words = keys.dtype() == DType.FLOAT32 ? widen(Storage.readFloats(keys)) : Storage.read(keys);
        int n = shape.size();
        int samples = words.length / Keys.WORDS;
        if (out.dtype() == DType.FLOAT32) {
            float[] z = Storage.writeFloats(out);
            for (int s = 0; s < samples; s++) {
                long key = Threefry.block(Keys.bits("uniform", words, s * Keys.WORDS), stream);
                for (int i = 0; i < n; i++) {
                    z[s * n + i] = towardZero(unit(Threefry.block(key, i)));
                }
            }
            return;
        }
        double[] z = Storage.write(out);
        for (int s = 0; s < samples; s++) {
            long key = Threefry.block(Keys.bits("uniform", words, s * Keys.WORDS), stream);
            for (int i = 0; i < n; i++) {
                z[s * n + i] = unit(Threefry.block(key, i));
            }
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
