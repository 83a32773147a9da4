package io.fluxion.interp;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.Random;

/** Seeded random tensors for tests: uniform, normal, away from zero, and with well-separated elements. */
public final class Points {
    private Points() {}

    /** Elements uniform in [lo, hi). */
    public static Tensor uniform(Random r, Shape s, double lo, double hi) {
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * r.nextDouble();
        }
        return Tensor.of(s, d);
    }

    /** Standard normal elements. */
    public static Tensor normal(Random r, Shape s) {
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian();
        }
        return Tensor.of(s, d);
    }

    /** Elements of random sign with magnitude uniform in [lo, hi): away from a kink at 0. */
    public static Tensor awayFromZero(Random r, Shape s, double lo, double hi) {
        double[] d = uniform(r, s, lo, hi).toArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextBoolean() ? d[i] : -d[i];
        }
        return Tensor.of(s, d);
    }

    /** Distinct elements at least 0.4 apart, in random order (no ties for max). */
    public static Tensor distinct(Random r, Shape s) {
        int n = s.size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = 0.5 * (perm[i] - n / 2.0) + 0.1 * r.nextDouble();
        }
        return Tensor.of(s, d);
    }
}
