package io.fluxion.tensor;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.reflect.Method;
import java.util.logging.Logger;

/**
 * Matrix products through netlib's {@code dgemm}: the system's OpenBLAS when {@code libblas.so.3}
 * is installed, pure Java otherwise; either way the same inputs give the same bits on every run.
 */
public final class Blas {

    private static final Logger LOG = Logger.getLogger(Blas.class.getName());
    private static final BLAS BLAS_INSTANCE = repeatable(BLAS.getInstance());

    private Blas() {}

    /** The implementation in use (for example {@code JNIBLAS} when native, {@code Java11BLAS} or {@code Java8BLAS} otherwise). */
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

    /**
     * netlib's choice, made repeatable. Without a native library netlib takes {@code VectorBLAS}
     * when {@code jdk.incubator.vector} is present (Spark adds it), whose large products add vector
     * lanes with {@code reduceLanes}: its order differs between interpreted and JIT-compiled code, so
     * the same product gave different bits as the JIT warmed up. {@code Java11BLAS} is the same
     * blocked {@code dgemm} with {@code Math.fma} in a fixed order (exact in every mode), so its
     * bits do not depend on the JIT. netlib keeps the class package-private, hence reflection.
     */
    private static BLAS repeatable(BLAS found) {
        if (!found.getClass().getSimpleName().equals("VectorBLAS")) {
            return found;
        }
        try {
            Method instance = Class.forName("dev.ludovic.netlib.blas.Java11BLAS").getMethod("getInstance");
            instance.setAccessible(true);
            return (BLAS) instance.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning("netlib chose VectorBLAS and its Java11BLAS could not be reached (" + e
                    + "): matrix products may give different bits as the JIT compiles them");
            return found;
        }
    }
}
