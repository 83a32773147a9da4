package io.fluxion.law;

import java.util.Arrays;

/**
 * Finite differences with Richardson extrapolation by Ridders' method (Numerical Recipes,
 * {@code dfridr}), for every component of a vector-valued curve at once, that do not pretend a kink
 * is smooth. The step starts at the given size and shrinks by {@value #CONTRACTION} each row; each
 * row extrapolates the previous ones to step zero, and for each component the entry with the
 * smallest error estimate is kept. When the estimate is still poor, the whole tableau is run again
 * from a step ten times smaller.
 *
 * <p>Central differences, whose error has only even powers of h, are what make the extrapolation so
 * accurate where the function is smooth; but they cannot see a kink: relu's central differences at
 * 0 are exactly 1/2 at every step. So the same evaluations (and f at the point) are also
 * extrapolated as forward and backward one-sided differences (on every other step, so that the
 * ratio of steps is {@value #CONTRACTION}² and the extrapolation well conditioned). Where the three
 * agree within their error estimates and the central one settled, the function is smooth within
 * the steps and the central estimate is used; otherwise a component is judged by what the
 * one-sided ones say ({@link Kind}): that they settle and agree (a kink of a higher derivative, such
 * as x·|x| at 0), settle and differ (a kink of the slope, such as relu at 0), that only one side
 * settles (a kink on the other side), or that nothing does.
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
    /** A one-sided estimate has settled when its error is at most this fraction of the derivative's scale. */
    static final double SETTLED = 1e-6;
    /** Two estimates agree when they differ by at most this many times their error estimates ... */
    private static final double AGREE = 4;
    /** ... plus this fraction of the derivative's scale (an exact difference quotient has no error estimate). */
    private static final double AGREE_FLOOR = 1e-10;
    /**
     * One-sided estimates are compatible with the central one when they differ by at most
     * {@link #AGREE} times their error estimates plus this fraction of the derivative's scale: their
     * error estimates are less reliable than central ones, and a kink shows as a difference of the
     * order of the derivative itself.
     */
    private static final double COMPATIBLE_FLOOR = 1e-6;
    /** How many times a step that meets a value that is not finite is retried from one ten times smaller. */
    private static final int NOT_FINITE_RETRIES = 3;
    /** The least rows of a run, so that the one-sided tableaux get three. */
    private static final int MIN_ROWS = 5;

    private Ridders() {}

    /** A curve through the input space: the flattened outputs at {@code x + h v}. */
    @FunctionalInterface
    interface Curve {
        double[] at(double h);
    }

    /** How a component was estimated. */
    enum Kind {
        /** Central differences settled: the function is smooth within the steps. */
        SMOOTH,
        /** Central differences did not settle, both one-sided ones did and agree: a kink of a higher derivative. */
        ONE_SIDED,
        /** Both one-sided derivatives settled and differ: a kink of the slope within a step of the point. */
        KINK,
        /** Only the forward one-sided derivative settled: a kink on the other side. */
        RIGHT,
        /** Only the backward one-sided derivative settled: a kink on the other side. */
        LEFT,
        /** Nothing settled: the function is not smooth at the scale of the steps. */
        UNSETTLED
    }

    /**
     * Derivative estimates and their error bounds, one per component, with how each was judged and
     * the one-sided derivatives (left: backward differences, right: forward; equal to the central
     * estimate where that settled).
     */
    record Estimate(double[] value, double[] error, Kind[] kind, double[] left, double[] leftError, double[] right,
            double[] rightError) {

        /** An estimate of smooth components only. */
        Estimate(double[] value, double[] error) {
            this(value, error, filled(value.length), value, error, value, error);
        }

        private static Kind[] filled(int n) {
            Kind[] k = new Kind[n];
            Arrays.fill(k, Kind.SMOOTH);
            return k;
        }
    }

    /** Thrown when the curve is not finite at a step: the caller names the point. */
    static final class NotFinite extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final double h;
        final double[] values;

        NotFinite(double h, double[] values) {
            super("not finite at step " + h, null, false, false);
            this.h = h;
            this.values = values;
        }
    }

    /**
     * The derivative of the curve at h = 0, starting from step {@code step}; a step where the curve
     * is not finite is retried from steps ten times smaller than it, {@value #NOT_FINITE_RETRIES}
     * times.
     *
     * @throws NotFinite if the curve is not finite at 0, or still at a step after the retries
     */
    static Estimate derivative(Curve f, double step) {
        double[] f0 = finite(f, 0);
        double first = step;
        for (int attempt = 0;; attempt++) {
            try {
                return estimate(f, f0, first);
            } catch (NotFinite e) {
                // A singularity within a step of the point: try again from steps below its distance.
                if (attempt >= NOT_FINITE_RETRIES) {
                    throw e;
                }
                first = Math.abs(e.h) / 10;
            }
        }
    }

    private static Estimate estimate(Curve f, double[] f0, double step) {
        Run run = Run.of(f, f0, step);
        Tableau central = run.central;
        java.util.List<Run> runs = new java.util.ArrayList<>(java.util.List.of(run));
        double h = step;
        for (int r = 0; r < RESTARTS && central.poor(); r++) {
            h /= 10;
            Run next = Run.of(f, f0, h);
            runs.add(next);
            central.keepBetter(next.central);
        }
        int m = f0.length;
        double[] value = central.ans.clone();
        double[] error = central.err.clone();
        Kind[] kind = new Kind[m];
        Arrays.fill(kind, Kind.SMOOTH);
        double[] left = value.clone();
        double[] leftError = error.clone();
        double[] right = value.clone();
        double[] rightError = error.clone();
        boolean[] poor = central.poorComponents();
        Tableau forward = null;
        Tableau backward = null;
        for (Run r : runs) {
            Tableau fw = r.oneSided(f0, 1);
            Tableau bw = r.oneSided(f0, -1);
            if (forward == null) {
                forward = fw;
                backward = bw;
            } else {
                forward.keepBetter(fw);
                backward.keepBetter(bw);
            }
        }
        double scale = 0;
        for (int k = 0; k < m; k++) {
            for (double d : new double[] {central.ans[k], forward.ans[k], backward.ans[k]}) {
                if (Double.isFinite(d)) {
                    scale = Math.max(scale, Math.abs(d));
                }
            }
        }
        double floor = AGREE_FLOOR * scale;
        for (int k = 0; k < m; k++) {
            double fw = forward.ans[k];
            double ef = forward.err[k];
            double bw = backward.ans[k];
            double eb = backward.err[k];
            double c = central.ans[k];
            double ec = central.err[k];
            double compatible = COMPATIBLE_FLOOR * scale;
            if (!poor[k] && Math.abs(fw - c) <= AGREE * (ef + ec) + compatible
                    && Math.abs(bw - c) <= AGREE * (eb + ec) + compatible) {
                continue;
            }
            left[k] = bw;
            leftError[k] = eb;
            right[k] = fw;
            rightError[k] = ef;
            boolean rightSettled = ef <= SETTLED * scale;
            boolean leftSettled = eb <= SETTLED * scale;
            if (rightSettled && leftSettled) {
                if (Math.abs(fw - bw) <= AGREE * (ef + eb) + floor) {
                    kind[k] = Kind.ONE_SIDED;
                    value[k] = ef <= eb ? fw : bw;
                    error[k] = Math.max(Math.min(ef, eb), Math.abs(fw - bw));
                } else {
                    kind[k] = Kind.KINK;
                }
            } else if (rightSettled) {
                kind[k] = Kind.RIGHT;
                value[k] = fw;
                error[k] = ef;
            } else if (leftSettled) {
                kind[k] = Kind.LEFT;
                value[k] = bw;
                error[k] = eb;
            } else {
                kind[k] = Kind.UNSETTLED;
            }
        }
        return new Estimate(value, error, kind, left, leftError, right, rightError);
    }

    private static double[] finite(Curve f, double h) {
        double[] v = f.at(h);
        for (double d : v) {
            if (!Double.isFinite(d)) {
                throw new NotFinite(h, v);
            }
        }
        return v;
    }

    /** One run of the central tableau from a first step, with the evaluations it made. */
    private record Run(Tableau central, double[] steps, double[][] plus, double[][] minus, int rows) {

        /** A run of {@value #MIN_ROWS} to {@value #ROWS} rows, stopping once the central tableau settles. */
        static Run of(Curve f, double[] f0, double step) {
            int m = f0.length;
            Tableau t = new Tableau(CONTRACTION * CONTRACTION, m);
            double[] steps = new double[ROWS];
            double[][] plus = new double[ROWS][];
            double[][] minus = new double[ROWS][];
            double h = step;
            int i = 0;
            while (i < ROWS) {
                steps[i] = h;
                plus[i] = finite(f, h);
                minus[i] = finite(f, -h);
                double[] c = new double[m];
                for (int k = 0; k < m; k++) {
                    c[k] = (plus[i][k] - minus[i][k]) / (2 * h);
                }
                t.add(c);
                i++;
                if (i >= MIN_ROWS && t.allDone()) {
                    break;
                }
                h /= CONTRACTION;
            }
            return new Run(t, steps, plus, minus, i);
        }

        /**
         * The one-sided tableau (side +1 forward, −1 backward) over every other step of this run, so
         * that successive steps differ by {@value #CONTRACTION}²; the error of a one-sided
         * difference has every power of h, so each column removes one.
         */
        Tableau oneSided(double[] f0, int side) {
            int m = f0.length;
            Tableau t = new Tableau(CONTRACTION * CONTRACTION, m);
            for (int i = 0; i < rows; i += 2) {
                double[] d = new double[m];
                for (int k = 0; k < m; k++) {
                    d[k] = side > 0 ? (plus[i][k] - f0[k]) / steps[i] : (f0[k] - minus[i][k]) / steps[i];
                }
                t.add(d);
            }
            return t;
        }
    }

    /**
     * A Neville tableau of Richardson extrapolation, each row from a step {@code ratio}^(1/p) times
     * smaller where p is the spacing of the powers of h in the error: column j removes the term in
     * h^(p·j) (h^2j for central differences whose steps shrink by 1.4, h^j for one-sided differences
     * on every other of those steps).
     */
    private static final class Tableau {
        private final double ratio;
        private final double[][] prev = new double[ROWS][];
        private final double[] ans;
        private final double[] err;
        private final boolean[] done;
        private int rows;

        Tableau(double ratio, int m) {
            this.ratio = ratio;
            this.ans = new double[m];
            this.err = new double[m];
            this.done = new boolean[m];
            Arrays.fill(err, Double.POSITIVE_INFINITY);
        }

        void add(double[] first) {
            int m = ans.length;
            if (rows == 0) {
                prev[0] = first;
                System.arraycopy(first, 0, ans, 0, m);
                rows = 1;
                return;
            }
            double[][] cur = new double[ROWS][];
            cur[0] = first;
            double fac = ratio;
            for (int j = 1; j <= rows; j++) {
                double[] a = new double[m];
                for (int k = 0; k < m; k++) {
                    a[k] = (cur[j - 1][k] * fac - prev[j - 1][k]) / (fac - 1);
                }
                cur[j] = a;
                fac *= ratio;
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
            for (int k = 0; k < m; k++) {
                if (!done[k] && Math.abs(cur[rows][k] - prev[rows - 1][k]) >= SAFE * err[k]) {
                    done[k] = true;
                }
            }
            System.arraycopy(cur, 0, prev, 0, rows + 1);
            rows++;
        }

        boolean allDone() {
            for (boolean d : done) {
                if (!d) {
                    return false;
                }
            }
            return rows > 1;
        }

        boolean poor() {
            for (boolean p : poorComponents()) {
                if (p) {
                    return true;
                }
            }
            return false;
        }

        boolean[] poorComponents() {
            double scale = 0;
            for (double v : ans) {
                scale = Math.max(scale, Math.abs(v));
            }
            boolean[] poor = new boolean[ans.length];
            for (int k = 0; k < ans.length; k++) {
                poor[k] = !(err[k] <= POOR * Math.max(Math.abs(ans[k]), scale));
            }
            return poor;
        }

        void keepBetter(Tableau other) {
            for (int k = 0; k < ans.length; k++) {
                if (!(err[k] <= other.err[k])) {
                    ans[k] = other.ans[k];
                    err[k] = other.err[k];
                }
            }
        }
    }
}
