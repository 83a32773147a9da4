package io.fluxion.nn;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.function.DoubleSupplier;

/**
 * Keras's initialisers with explicit seeds. The random ones scale by the fans of the shape as
 * Keras's {@code compute_fans}: a matrix (in, out) has fan-in {@code in} and fan-out {@code out};
 * a vector (n) has both n; a scalar both 1; a higher-rank kernel {@code (..., in, out)}
 * multiplies both by the product of the leading dimensions (the receptive field).
 *
 * <pre>{@code Tensor kernel = Initializers.glorotUniform(42L).apply(Shape.of(784, 10));}</pre>
 *
 * <p>The distributions are Keras's; the numbers are not, since the generator is SplitMix64 (the
 * same on every JVM). Normal initialisers are truncated at two standard deviations, with the
 * standard deviation divided by 0.87962566103423978 to make up for the truncation, as Keras's
 * {@code VarianceScaling} does.
 */
public final class Initializers {
    private Initializers() {}

    /** The standard deviation of a standard normal truncated to [-2, 2]. */
    private static final double TRUNCATED_STD = 0.87962566103423978;

    /** Zeros: {@code zeros().apply(Shape.of(10))}. */
    public static Initializer zeros() {
        return Tensor::zeros;
    }

    /** Every element {@code value}: {@code constant(0.1)}. */
    public static Initializer constant(double value) {
        return shape -> Tensor.full(shape, value);
    }

    /** Uniform in [lo, hi): {@code uniform(-0.05, 0.05, seed)} (Keras's {@code RandomUniform}). */
    public static Initializer uniform(double lo, double hi, long seed) {
        if (!(lo < hi) || !Double.isFinite(hi - lo)) {
            throw new IllegalArgumentException("Initializers.uniform: need finite lo < hi, got " + lo + ", " + hi);
        }
        return shape -> {
            SplitMix g = new SplitMix(seed);
            return fill(shape, () -> lo + (hi - lo) * g.uniform());
        };
    }

    /**
     * Normal with mean 0 and standard deviation {@code std}, truncated at two standard deviations
     * (Keras's {@code TruncatedNormal}, without the variance correction): {@code truncatedNormal(0.05, seed)}.
     */
    public static Initializer truncatedNormal(double std, long seed) {
        if (!(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("Initializers.truncatedNormal: std must be positive and finite, got " + std);
        }
        return shape -> {
            SplitMix g = new SplitMix(seed);
            return fill(shape, () -> std * truncated(g));
        };
    }

    /** Glorot (Xavier) uniform: U(-limit, limit) with {@code limit = sqrt(6 / (fanIn + fanOut))}. Keras's default kernel. */
    public static Initializer glorotUniform(long seed) {
        return shape -> uniformLimit(shape, Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape))), seed);
    }

    /** Glorot normal: truncated normal with {@code std = sqrt(2 / (fanIn + fanOut)) / 0.8796}. */
    public static Initializer glorotNormal(long seed) {
        return shape -> scaledNormal(shape, Math.sqrt(2.0 / (fanIn(shape) + fanOut(shape))), seed);
    }

    /** He uniform: U(-limit, limit) with {@code limit = sqrt(6 / fanIn)}, for ReLU layers. */
    public static Initializer heUniform(long seed) {
        return shape -> uniformLimit(shape, Math.sqrt(6.0 / fanIn(shape)), seed);
    }

    /** He normal: truncated normal with {@code std = sqrt(2 / fanIn) / 0.8796}, for ReLU layers. */
    public static Initializer heNormal(long seed) {
        return shape -> scaledNormal(shape, Math.sqrt(2.0 / fanIn(shape)), seed);
    }

    /** Keras's fan-in of a shape (see the class comment): 784 for (784, 10). */
    public static int fanIn(Shape shape) {
        int r = shape.rank();
        return r == 0 ? 1 : r == 1 ? shape.dim(0) : shape.dim(r - 2) * receptiveField(shape);
    }

    /** Keras's fan-out of a shape (see the class comment): 10 for (784, 10). */
    public static int fanOut(Shape shape) {
        int r = shape.rank();
        return r == 0 ? 1 : r == 1 ? shape.dim(0) : shape.dim(r - 1) * receptiveField(shape);
    }

    private static int receptiveField(Shape shape) {
        int f = 1;
        for (int i = 0; i < shape.rank() - 2; i++) {
            f *= shape.dim(i);
        }
        return f;
    }

    private static Tensor uniformLimit(Shape shape, double limit, long seed) {
        SplitMix g = new SplitMix(seed);
        return fill(shape, () -> limit * (2 * g.uniform() - 1));
    }

    private static Tensor scaledNormal(Shape shape, double std, long seed) {
        SplitMix g = new SplitMix(seed);
        double s = std / TRUNCATED_STD;
        return fill(shape, () -> s * truncated(g));
    }

    /** A standard normal draw conditioned on [-2, 2], by rejection (about 95% are accepted). */
    private static double truncated(SplitMix g) {
        double z;
        do {
            z = g.gaussian();
        } while (Math.abs(z) > 2);
        return z;
    }

    private static Tensor fill(Shape shape, DoubleSupplier draw) {
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = draw.getAsDouble();
        }
        return Tensor.of(shape, d);
    }
}
