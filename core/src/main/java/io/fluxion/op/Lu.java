// float32: FloatLu is generated from this file (core/src/build).
package io.fluxion.op;

import io.fluxion.tensor.Shape;
import java.util.Arrays;

/**
 * The LU factorisation PA = LU (EJML's, partial pivoting, through {@link EjmlLu}) of one n×n
 * matrix at a time, with its workspace, reused across the matrices of a batch: solves with A and
 * Aᵀ, and the test of regularity that {@link MatrixFunctions} documents.
 */
final class Lu {
    private final int n;
    private final EjmlLu ejml;
    /** L below the diagonal (its unit diagonal implied) and U on and above it, row-major. */
    private final double[] f;
    /** Row i of PA is row p[i] of A. */
    private final int[] p;
    private boolean oddSwaps;

    /** A workspace for n×n matrices. */
    Lu(int n) {
        this.n = n;
        this.ejml = new EjmlLu(n);
        this.f = new double[n * n];
        this.p = new int[n];
    }

    /** Factors the matrix stored row-major at {@code off} in {@code data} (not written). */
    void factor(double[] data, int off) {
        oddSwaps = ejml.factor(data, off, f, p);
    }

    /** Uᵢᵢ, the i-th pivot. */
    double pivot(int i) {
        return f[i * n + i];
    }

    /** det A: the product of the pivots with the sign of the row permutation. */
    double det() {
        double d = oddSwaps ? -1 : 1;
        for (int i = 0; i < n; i++) {
            d *= f[i * n + i];
        }
        return d;
    }

    /** v := A⁻¹ v: with PA = LU, solve L w = Pv, then U x = w. */
    void solve(double[] v) {
        double[] b = v.clone();
        for (int i = 0; i < n; i++) {
            double s = b[p[i]];
            for (int k = 0; k < i; k++) {
                s -= f[i * n + k] * v[k];
            }
            v[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = v[i];
            for (int k = i + 1; k < n; k++) {
                s -= f[i * n + k] * v[k];
            }
            v[i] = s / f[i * n + i];
        }
    }

    /** v := A⁻ᵀ v: with Aᵀ = Uᵀ Lᵀ P, solve Uᵀ w = v, then Lᵀ u = w, then P z = u. */
    void solveTransposed(double[] v) {
        for (int i = 0; i < n; i++) {
            double s = v[i];
            for (int k = 0; k < i; k++) {
                s -= f[k * n + i] * v[k];
            }
            v[i] = s / f[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = v[i];
            for (int k = i + 1; k < n; k++) {
                s -= f[k * n + i] * v[k];
            }
            v[i] = s;
        }
        double[] u = v.clone();
        for (int i = 0; i < n; i++) {
            v[p[i]] = u[i];
        }
    }

    /**
     * Throws unless the factored matrix (at {@code off} in {@code data}) is regular to working
     * precision: every pivot must exceed n·ε·max|aᵢⱼ| (which also keeps the solves from dividing
     * by zero), and the reciprocal 1-norm condition number 1 / (‖A‖₁‖A⁻¹‖₁), with ‖A⁻¹‖₁
     * estimated in O(n²) as LAPACK's dgecon does, must be at least n·ε. A matrix with a NaN or
     * an infinity is not judged: its NaNs are its own.
     */
    void requireRegular(String op, double[] data, int off, Shape s, int m) {
        double maxAbs = 0;
        double norm1 = 0;
        for (int j = 0; j < n; j++) {
            double col = 0;
            for (int i = 0; i < n; i++) {
                double v = Math.abs(data[off + i * n + j]);
                maxAbs = Math.max(maxAbs, v);
                col += v;
            }
            norm1 = Math.max(norm1, col);
        }
        if (!Double.isFinite(norm1)) {
            return;
        }
        double tol = n * MatrixKernels.EPS;
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(pivot(i)) > tol * maxAbs)) {
                throw singular(op, s, m, "pivot " + i + " of its LU factorisation is " + pivot(i)
                        + ", not above n·ε·max|a| = " + tol * maxAbs);
            }
        }
        double rcond = 1 / (norm1 * inverseNorm1());
        if (rcond < tol) {
            throw singular(op, s, m, "its reciprocal condition number (1-norm, estimated) " + rcond
                    + " is below n·ε = " + tol);
        }
    }

    /**
     * An estimate (a lower bound, nearly always within a factor of 3) of ‖A⁻¹‖₁: Hager's method as
     * Higham's LAPACK dlacon refines it, a few solves with A and Aᵀ instead of an O(n³) inverse.
     */
    double inverseNorm1() {
        double[] x = new double[n];
        Arrays.fill(x, 1.0 / n);
        double est = 0;
        for (int iter = 0; iter < 5; iter++) {
            double[] y = x.clone();
            solve(y);
            est = norm1(y);
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = y[i] >= 0 ? 1 : -1;
            }
            solveTransposed(z);
            int j = 0;
            double zx = 0;
            for (int i = 0; i < n; i++) {
                j = Math.abs(z[i]) > Math.abs(z[j]) ? i : j;
                zx += z[i] * x[i];
            }
            if (iter > 0 && Math.abs(z[j]) <= zx) {
                break;
            }
            Arrays.fill(x, 0);
            x[j] = 1;
        }
        // dlacon's second guess catches matrices on which the iteration stalls.
        double[] alt = new double[n];
        for (int i = 0; i < n; i++) {
            alt[i] = (i % 2 == 0 ? 1 : -1) * (1 + (n == 1 ? 0 : (double) i / (n - 1)));
        }
        solve(alt);
        return Math.max(est, 2 * norm1(alt) / (3 * n));
    }

    private static double norm1(double[] v) {
        double s = 0;
        for (double e : v) {
            s += Math.abs(e);
        }
        return s;
    }

    private static SingularMatrixException singular(String op, Shape s, int m, String why) {
        String index = MatrixKernels.batchIndex(s, m);
        String which = s.rank() == 2 ? "the matrix " + s : "the matrix at batch index " + index + " of " + s;
        return new SingularMatrixException(op, index, op + ": " + which + " is singular to working precision: " + why);
    }
}
