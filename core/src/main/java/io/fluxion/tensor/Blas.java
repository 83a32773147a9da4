package io.fluxion.tensor;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Matrix products through netlib's {@code dgemm}: the system's OpenBLAS when {@code libblas.so.3}
 * is installed, pure Java otherwise.
 */
public final class Blas {

    private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

    private Blas() {}

    /** The implementation in use (for example {@code JNIBLAS} when native, {@code VectorBLAS} or {@code Java8BLAS} otherwise). */
    public static String implementation() {
        return BLAS_INSTANCE.getClass().getSimpleName();
    }

    /**
     * {@code c = op(a) · op(b)} on row-major arrays at offsets, where op(a) is m×k and op(b) is
     * k×n, and {@code ta}/{@code tb} say that the stored array is the transpose.
     *
     * <p>Fortran BLAS is column-major, and a row-major array read column-major is its transpose, so
     * we ask for {@code cᵀ = op(b)ᵀ · op(a)ᵀ}, which lays {@code c} out row-major.
     */
    public static void gemm(double[] a, int ao, boolean ta, double[] b, int bo, boolean tb, int m, int n, int k,
            double[] c, int co) {
        BLAS_INSTANCE.dgemm(tb ? "T" : "N", ta ? "T" : "N", n, m, k, 1.0,
                b, bo, tb ? k : n, a, ao, ta ? m : k, 0.0, c, co, n);
    }
}
