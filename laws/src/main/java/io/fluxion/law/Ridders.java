package io.fluxion.law;

import java.util.Arrays;

/**
 * Central finite differences with Richardson extrapolation by Ridders' method (Numerical Recipes,
 * {@code dfridr}), for every component of a vector-valued curve at once. The step starts at the
 * given size and shrinks by {@value #CONTRACTION} each row; each row extrapolates the previous
 * ones to step zero, and for each component the entry with the smallest error estimate is kept.
 * So the step is not a guess: the tableau finds the best one and says how good it is. When the
 * estimate is still poor, the whole tableau is run again from a step ten times smaller.
 */
final class Ridders {
    /** The ratio of successive steps. */
    static final double CONTRACTION = 1.4;
    /** The most rows of the tableau (each row costs two evaluations). */
    static final int ROWS = 10;
    /** Stop a component when a higher order is this much worse than the best so far. */
    private static final double SAFE = 2;
    /** How many times a poor estimate is retried from a step ten times smaller. */
    private static final int RESTARTS = 2;
    /** An estimate is poor when its error exceeds this fraction of the derivative's scale. */
    private static final double POOR = 1e-8;

    private Ridders() {}

    /** A curve through the input space: the flattened outputs at {@code x + h v}. */
    @FunctionalInterface
    interface Curve {
        double[] at(double h);
    }

    /** Derivative estimates and their error bounds, one per component. */
    record Estimate(double[] value, double[] error) {}

    /** The derivative of the curve at h = 0, starting from step {@code step}. */
    static Estimate derivative(Curve f, double step) {
        Estimate best = tableau(f, step);
        double h = step;
        for (int r = 0; r < RESTARTS && poor(best); r++) {
            h /= 10;
            Estimate next = tableau(f, h);
            for (int k = 0; k < best.value.length; k++) {
                if (!(best.error[k] <= next.error[k])) {
                    best.value[k] = next.value[k];
                    best.error[k] = next.error[k];
                }
            }
        }
        return best;
    }

    private static boolean poor(Estimate e) {
        double scale = 0;
        for (double v : e.value) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < e.value.length; k++) {
            if (!(e.error[k] <= POOR * Math.max(Math.abs(e.value[k]), scale))) {
                return true;
            }
        }
        return false;
    }

    private static Estimate tableau(Curve f, double step) {
        double h = step;
        double[][] prev = new double[ROWS][];
        prev[0] = central(f, h);
        int m = prev[0].length;
        double[] ans = prev[0].clone();
        double[] err = new double[m];
        Arrays.fill(err, Double.POSITIVE_INFINITY);
        boolean[] done = new boolean[m];
        double c2 = CONTRACTION * CONTRACTION;
        for (int i = 1; i < ROWS; i++) {
            h /= CONTRACTION;
            double[][] cur = new double[ROWS][];
            cur[0] = central(f, h);
            double fac = c2;
            for (int j = 1; j <= i; j++) {
                double[] a = new double[m];
                for (int k = 0; k < m; k++) {
                    a[k] = (cur[j - 1][k] * fac - prev[j - 1][k]) / (fac - 1);
                }
                cur[j] = a;
                fac *= c2;
                for (int k = 0; k < m; k++) {
                    if (!done[k]) {
                        double e = Math.max(Math.abs(a[k] - cur[j - 1][k]), Math.abs(a[k] - prev[j - 1][k]));
                        if (e <= err[k]) {
                            err[k] = e;
                            ans[k] = a[k];
                        }
                    }
                }
            }
            boolean all = true;
            for (int k = 0; k < m; k++) {
                if (!done[k] && Math.abs(cur[i][k] - prev[i - 1][k]) >= SAFE * err[k]) {
                    done[k] = true;
                }
                all &= done[k];
            }
            if (all) {
                break;
            }
            prev = cur;
        }
        return new Estimate(ans, err);
    }

    private static double[] central(Curve f, double h) {
        double[] plus = f.at(h);
        double[] minus = f.at(-h);
        double[] d = new double[plus.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = (plus[k] - minus[k]) / (2 * h);
        }
        return d;
    }
}
