package io.fluxion.op;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Storage;
import io.fluxion.tensor.Tensor;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;

/**
 * The kernels of {@link MatrixFunctions}, each looping over the matrices of a batch: an LU
 * factorisation with partial pivoting from EJML for inv, det, logDet and solve, plain loops for
 * the diagonal ones. Each call allocates its own workspace, so concurrent runs share nothing.
 */
final class MatrixKernels {
    private MatrixKernels() {}

    /** Unit round-off, 2⁻⁵² ≈ 2.2e-16: a singularity threshold is n times this. */
    static final double EPS = Math.ulp(1.0);

    /** An inverse of every matrix of the batch {@code a}, (..., n, n). */
    static void inv(Tensor a, Buffer out) {
        Shape s = a.shape();
        int n = s.dim(-1);
        double[] x = Storage.read(a);
        double[] y = Storage.write(out);
        Lu lu = new Lu(n);
        double[] col = new double[n];
        for (int m = 0, count = x.length / (n * n); m < count; m++) {
            int off = m * n * n;
            lu.factor(x, off);
            lu.requireRegular("inv", x, off, s, m);
            for (int j = 0; j < n; j++) {
                Arrays.fill(col, 0);
                col[j] = 1;
                lu.solve(col);
                for (int i = 0; i < n; i++) {
                    y[off + i * n + j] = col[i];
                }
            }
        }
    }

    /** The determinant of every matrix: the product of the LU pivots with the permutation's sign (0 if singular). */
    static void det(Tensor a, Buffer out) {
        int n = a.shape().dim(-1);
        double[] x = Storage.read(a);
        double[] y = Storage.write(out);
        Lu lu = new Lu(n);
        for (int m = 0; m < y.length; m++) {
            lu.factor(x, m * n * n);
            y[m] = lu.lu.computeDeterminant().real;
        }
    }

    /** log|det| of every matrix, as Σ log|pivot| (no overflow of the product); a singular matrix is an error. */
    static void logDet(Tensor a, Buffer out) {
        int n = a.shape().dim(-1);
        double[] x = Storage.read(a);
        double[] y = Storage.write(out);
        Lu lu = new Lu(n);
        for (int m = 0; m < y.length; m++) {
            lu.factor(x, m * n * n);
            lu.requireRegular("logDet", x, m * n * n, a.shape(), m);
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.log(Math.abs(lu.pivot(i)));
            }
            y[m] = s;
        }
    }

    /** x with a·x = b for a (..., n, n) and b (..., n, k) whose batches broadcast; each a is factored once per run of equal a. */
    static void solve(Tensor a, Tensor b, Buffer out) {
        Shape as = a.shape();
        Shape os = out.shape();
        int n = as.dim(-1);
        int k = os.dim(-1);
        Shape batch = os.take(os.rank() - 2);
        int[] ai = batchIndices(as.take(as.rank() - 2), batch);
        int[] bi = batchIndices(b.shape().take(b.shape().rank() - 2), batch);
        double[] x = Storage.read(a);
        double[] z = Storage.read(b);
        double[] y = Storage.write(out);
        Lu lu = new Lu(n);
        double[] col = new double[n];
        int factored = -1;
        for (int t = 0; t < ai.length; t++) {
            if (ai[t] != factored) {
                factored = ai[t];
                lu.factor(x, factored * n * n);
                lu.requireRegular("solve", x, factored * n * n, as, factored);
            }
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < n; i++) {
                    col[i] = z[bi[t] * n * k + i * k + j];
                }
                lu.solve(col);
                for (int i = 0; i < n; i++) {
                    y[t * n * k + i * k + j] = col[i];
                }
            }
        }
    }

    /** The sum of the diagonal of every matrix. */
    static void trace(Tensor a, Buffer out) {
        int n = a.shape().dim(-1);
        double[] x = Storage.read(a);
        double[] y = Storage.write(out);
        for (int m = 0; m < y.length; m++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[m * n * n + i * (n + 1)];
            }
            y[m] = s;
        }
    }

    /** The diagonal of every matrix, (..., n, n) to (..., n). */
    static void diagonal(Tensor a, Buffer out) {
        int n = a.shape().dim(-1);
        double[] x = Storage.read(a);
        double[] y = Storage.write(out);
        for (int m = 0; m < y.length / n; m++) {
            for (int i = 0; i < n; i++) {
                y[m * n + i] = x[m * n * n + i * (n + 1)];
            }
        }
    }

    /** A diagonal matrix from every vector, (..., n) to (..., n, n), zero off the diagonal. */
    static void diagEmbed(Tensor d, Buffer out) {
        int n = d.shape().dim(-1);
        double[] x = Storage.read(d);
        double[] y = Storage.write(out);
        Arrays.fill(y, 0); // the buffer holds the previous run's values
        for (int m = 0; m < x.length / n; m++) {
            for (int i = 0; i < n; i++) {
                y[m * n * n + i * (n + 1)] = x[m * n + i];
            }
        }
    }

    /** For each flat index of {@code batch}, the flat index of the matrix of {@code part} that broadcasts to it. */
    static int[] batchIndices(Shape part, Shape batch) {
        int[] idx = new int[batch.size()];
        int[] strides = part.strides();
        int shift = batch.rank() - part.rank();
        for (int t = 0; t < idx.length; t++) {
            int rest = t;
            for (int ax = batch.rank() - 1; ax >= 0; ax--) {
                int c = rest % batch.dim(ax);
                rest /= batch.dim(ax);
                if (ax >= shift && part.dim(ax - shift) != 1) {
                    idx[t] += c * strides[ax - shift];
                }
            }
        }
        return idx;
    }

    /** The multi-index of flat matrix index m in a batch of matrices of shape s, as NumPy prints it: (1, 0). */
    static String batchIndex(Shape s, int m) {
        Shape batch = s.take(s.rank() - 2);
        int[] c = new int[batch.rank()];
        for (int ax = c.length - 1; ax >= 0; ax--) {
            c[ax] = m % batch.dim(ax);
            m /= batch.dim(ax);
        }
        return batch.rank() == 0 ? "()" : Arrays.toString(c).replace('[', '(').replace(']', ')');
    }

    /** The LU factorisation PA = LU of one n×n matrix at a time, with its workspace. */
    private static final class Lu {
        final int n;
        final DMatrixRMaj slice;
        final LUDecompositionAlt_DDRM lu = new LUDecompositionAlt_DDRM();

        Lu(int n) {
            this.n = n;
            this.slice = new DMatrixRMaj(n, n);
        }

        void factor(double[] data, int off) {
            System.arraycopy(data, off, slice.data, 0, n * n);
            lu.decompose(slice);
        }

        double pivot(int i) {
            return lu.getLU().data[i * n + i];
        }

        /** v := A⁻¹ v. */
        void solve(double[] v) {
            lu._solveVectorInternal(v);
        }

        /** v := A⁻ᵀ v: with Aᵀ = Uᵀ Lᵀ P, solve Uᵀ w = v, then Lᵀ u = w, then P z = u. */
        void solveTransposed(double[] v) {
            double[] f = lu.getLU().data;
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
            int[] p = lu.getPivot();
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
            double tol = n * EPS;
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
        private double inverseNorm1() {
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
            String index = batchIndex(s, m);
            String which = s.rank() == 2 ? "the matrix " + s : "the matrix at batch index " + index + " of " + s;
            return new SingularMatrixException(op, index, op + ": " + which + " is singular to working precision: " + why);
        }
    }
}
