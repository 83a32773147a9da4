package io.fluxion.op;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.Random;
import java.util.function.Function;

/**
 * Plain-Java references for the matrix functions, by other methods than the kernels' LU:
 * determinants by cofactor expansion, inverses as adjugate / determinant, solves by Gauss-Jordan
 * elimination; batches are handled slice by slice.
 */
final class MatrixRef {
    private MatrixRef() {}

    /** The determinant by cofactor expansion along the first row (fine for n ≤ 5). */
    static double det(double[][] a) {
        int n = a.length;
        if (n == 1) {
            return a[0][0];
        }
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += (j % 2 == 0 ? 1 : -1) * a[0][j] * det(minor(a, 0, j));
        }
        return s;
    }

    /** The inverse as the adjugate (transposed cofactors) over the determinant. */
    static double[][] inv(double[][] a) {
        int n = a.length;
        double d = det(a);
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                r[j][i] = n == 1 ? 1 / d : ((i + j) % 2 == 0 ? 1 : -1) * det(minor(a, i, j)) / d;
            }
        }
        return r;
    }

    /** x with a x = b (b n×k) by Gauss-Jordan elimination with partial pivoting. */
    static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        int k = b[0].length;
        double[][] m = new double[n][n + k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            System.arraycopy(b[i], 0, m[i], n, k);
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) {
                p = Math.abs(m[i][c]) > Math.abs(m[p][c]) ? i : p;
            }
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            for (int i = 0; i < n; i++) {
                if (i != c) {
                    double f = m[i][c] / m[c][c];
                    for (int j = c; j < n + k; j++) {
                        m[i][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[][] x = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                x[i][j] = m[i][n + j] / m[i][i];
            }
        }
        return x;
    }

    /** Matrix m (flat index) of a batch of r×c matrices. */
    static double[][] matrix(Tensor t, int m) {
        int r = t.shape().dim(-2);
        int c = t.shape().dim(-1);
        double[] d = t.toArray();
        double[][] a = new double[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(d, m * r * c + i * c, a[i], 0, c);
        }
        return a;
    }

    /** f of every matrix of the batch a, each result flattened row-major into the output of shape {@code out}. */
    static Tensor perMatrix(Tensor a, Shape out, Function<double[][], double[]> f) {
        int count = a.shape().size() / (a.shape().dim(-1) * a.shape().dim(-2));
        int each = out.size() / count;
        double[] d = new double[out.size()];
        for (int m = 0; m < count; m++) {
            System.arraycopy(f.apply(matrix(a, m)), 0, d, m * each, each);
        }
        return Tensor.of(out, d);
    }

    /** The solves of a batch a (..., n, n) with b (..., n, k), both broadcast (by Tensor arithmetic) to {@code batch}. */
    static Tensor solve(Tensor a, Tensor b, Shape batch) {
        int n = a.shape().dim(-1);
        int k = b.shape().dim(-1);
        Tensor ab = a.plus(Tensor.zeros(batch.concat(Shape.matrix(n, n))));
        Tensor bb = b.plus(Tensor.zeros(batch.concat(Shape.matrix(n, k))));
        double[] d = new double[batch.size() * n * k];
        for (int m = 0; m < batch.size(); m++) {
            System.arraycopy(flat(solve(matrix(ab, m), matrix(bb, m))), 0, d, m * n * k, n * k);
        }
        return Tensor.of(batch.concat(Shape.matrix(n, k)), d);
    }

    static double[] flat(double[][] a) {
        double[] d = new double[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, d, i * a[0].length, a[0].length);
        }
        return d;
    }

    /** Matrices with elements uniform in [-1, 1) plus n on the diagonal: diagonally dominant, so well conditioned. */
    static Tensor wellConditioned(Random r, Shape s) {
        int n = s.dim(-1);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = 2 * r.nextDouble() - 1 + ((i % (n * n)) % (n + 1) == 0 ? n : 0);
        }
        return Tensor.of(s, d);
    }

    private static double[][] minor(double[][] a, int row, int col) {
        int n = a.length;
        double[][] m = new double[n - 1][n - 1];
        for (int i = 0, mi = 0; i < n; i++) {
            if (i == row) {
                continue;
            }
            for (int j = 0, mj = 0; j < n; j++) {
                if (j != col) {
                    m[mi][mj++] = a[i][j];
                }
            }
            mi++;
        }
        return m;
    }
}
