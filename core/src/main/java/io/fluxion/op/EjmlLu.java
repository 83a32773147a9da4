package io.fluxion.op;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;

/**
 * EJML's LU factorisation (partial pivoting) of one n×n matrix, for {@link Lu} and its float32
 * twin alike: a float32 matrix is factored in float64 and its factors rounded to float32, as
 * accurate as EJML's float32 LU. (EJML's float32 jar, ejml-fdense, holds the same packages as
 * the float64 one, so the two cannot both be modules of one application.)
 */
final class EjmlLu {
    private final int n;
    private final DMatrixRMaj slice;
    private final LUDecompositionAlt_DDRM lu = new LUDecompositionAlt_DDRM();

    /** A workspace for n×n matrices. */
    EjmlLu(int n) {
        this.n = n;
        this.slice = new DMatrixRMaj(n, n);
    }

    /**
     * Factors the matrix at {@code off} in {@code data} (not written): {@code factors} gets L below
     * the diagonal (its unit diagonal implied) and U on and above it, {@code pivots} the rows (row i
     * of PA is row pivots[i] of A). Whether the permutation is odd.
     */
    boolean factor(double[] data, int off, double[] factors, int[] pivots) {
        System.arraycopy(data, off, slice.data, 0, n * n);
        lu.decompose(slice);
        System.arraycopy(lu.getLU().data, 0, factors, 0, n * n);
        return pivots(pivots);
    }

    /** As {@link #factor(double[], int, double[], int[])} for a float32 matrix, factors rounded to float32. */
    boolean factor(float[] data, int off, float[] factors, int[] pivots) {
        double[] a = slice.data;
        for (int i = 0; i < n * n; i++) {
            a[i] = data[off + i];
        }
        lu.decompose(slice);
        double[] f = lu.getLU().data;
        for (int i = 0; i < n * n; i++) {
            factors[i] = (float) f[i];
        }
        return pivots(pivots);
    }

    private boolean pivots(int[] pivots) {
        System.arraycopy(lu.getPivot(), 0, pivots, 0, n);
        // The parity of a permutation is that of n minus its number of cycles.
        boolean[] seen = new boolean[n];
        int cycles = 0;
        for (int i = 0; i < n; i++) {
            if (!seen[i]) {
                cycles++;
                for (int j = i; !seen[j]; j = pivots[j]) {
                    seen[j] = true;
                }
            }
        }
        return (n - cycles) % 2 == 1;
    }
}
