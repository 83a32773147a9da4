// float32: FloatMatrixKernels is generated from this file (core/src/build).
package io.fluxion.op;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import java.util.Arrays;

/**
 * The kernels of {@link MatrixFunctions}, each looping over the matrices of a batch: an LU
 * factorisation with partial pivoting from EJML ({@link Lu}) for inv, det, logDet and solve, plain loops for
 * the diagonal ones. Each call allocates its own workspace, so concurrent runs share nothing.
 */
final class MatrixKernels {
    private MatrixKernels() {}

    /** Unit round-off, 2⁻⁵² ≈ 2.2e-16: a singularity threshold is n times this. */
    static final double EPS = Math.ulp(1.0);

    /** An inverse of every matrix of the batch {@code a}, (..., n, n). */
    static void inv(Tensor a, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatMatrixKernels.inv(a, out); return; }
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
        if (out.dtype() == DType.FLOAT32) { FloatMatrixKernels.det(a, out); return; }
        int n = a.shape().dim(-1);
        double[] x = Storage.read(a);
        double[] y = Storage.write(out);
        Lu lu = new Lu(n);
        for (int m = 0; m < y.length; m++) {
            lu.factor(x, m * n * n);
            y[m] = lu.det();
        }
    }

    /** log|det| of every matrix, as Σ log|pivot| (no overflow of the product); a singular matrix is an error. */
    static void logDet(Tensor a, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatMatrixKernels.logDet(a, out); return; }
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

    /**
     * x with a·x = b for a (..., n, n) and b (..., n, k) whose batches broadcast. Consecutive solves
     * with the same matrix (a without batch, or broadcast along b's last batch axes) factor it once.
     */
    static void solve(Tensor a, Tensor b, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatMatrixKernels.solve(a, b, out); return; }
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
        if (out.dtype() == DType.FLOAT32) { FloatMatrixKernels.trace(a, out); return; }
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
        if (out.dtype() == DType.FLOAT32) { FloatMatrixKernels.diagonal(a, out); return; }
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
        if (out.dtype() == DType.FLOAT32) { FloatMatrixKernels.diagEmbed(d, out); return; }
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
}
