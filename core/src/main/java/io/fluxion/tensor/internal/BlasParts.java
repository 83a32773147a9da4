// float32: FloatBlasParts is generated from this file (core/src/build).
package io.fluxion.tensor.internal;

/**
 * How {@link Blas} cuts a product into parts by its shape alone and runs them, written once for
 * float64: the build generates the float32 twin named on the first line, whose parts are
 * {@code sgemm} calls cut as these {@code dgemm} ones are.
 */
final class BlasParts {
    private BlasParts() {}

    /** {@link Blas#gemm} with its parts run on {@code parallel}, or every product one call when it is null. */
    static void gemm(Parallel parallel, double[] a, int ao, boolean ta, double[] b, int bo, boolean tb, int m, int n,
            int k, double[] c, int co) {
        boolean byRows = m >= n;
        int extent = byRows ? m : n;
        int parts = parallel == null ? 1 : Blas.parts((long) m * n * k, extent);
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        if (parts == 1) {
            Blas.call(a, ao, lda, ta, b, bo, ldb, tb, m, n, k, c, co, n);
            return;
        }
        // Parts write disjoint blocks of c at once. netlib's JNI reaches the arrays through
        // GetPrimitiveArrayCritical, which HotSpot answers with the array itself, never a copy
        // written back whole, so no part overwrites another's block.
        parallel.run(parts, p -> {
            int from = (int) ((long) extent * p / parts);
            int to = (int) ((long) extent * (p + 1) / parts);
            if (byRows) {
                Blas.call(a, ta ? ao + from : ao + from * k, lda, ta, b, bo, ldb, tb, to - from, n, k, c,
                        co + from * n, n);
            } else {
                Blas.call(a, ao, lda, ta, b, tb ? bo + from * k : bo + from, ldb, tb, m, to - from, k, c, co + from, n);
            }
        });
    }

    /** {@link Blas#gemms} on {@code parallel}, or one product after another, each one call, when it is null. */
    static void gemms(Parallel parallel, double[] a, int[] ao, boolean ta, double[] b, int[] bo, boolean tb, int m,
            int n, int k, double[] c, int count) {
        long work = (long) m * n * k;
        int cm = m * n;
        if (parallel == null || count == 1 || Blas.parts(work, Math.max(m, n)) > 1) {
            for (int i = 0; i < count; i++) {
                gemm(parallel, a, ao[i], ta, b, bo[i], tb, m, n, k, c, i * cm);
            }
            return;
        }
        // Each product is one call whichever group it falls in, so the grouping cannot change the bits.
        int groups = (int) Math.min(count, Math.max(1, work * count / Blas.PART_WORK));
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        parallel.run(groups, g -> {
            int end = (int) ((long) count * (g + 1) / groups);
            for (int i = (int) ((long) count * g / groups); i < end; i++) {
                Blas.call(a, ao[i], lda, ta, b, bo[i], ldb, tb, m, n, k, c, i * cm, n);
            }
        });
    }
}
