package io.fluxion.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Products large enough to be cut into parts: right for every transposition and for cuts by rows
 * and by columns, the same bits on one thread as on several (so results do not depend on the
 * cores), and the same bits for callers running at once as alone.
 */
class CutProductsTest {

    private static double[] random(Random r, int size) {
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            d[i] = r.nextDouble() - 0.5;
        }
        return d;
    }

    /** The product by definition, with each operand stored transposed when asked. */
    private static double[] reference(double[] a, boolean ta, double[] b, boolean tb, int m, int n, int k) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Test
    void cutProductsAreRightAndTheSameOnOneThreadAsOnFive() {
        Random r = new Random(11);
        // Tall (cut by rows) and wide (cut by columns), each at least four parts.
        int[][] shapes = {{512, 96, 400}, {96, 512, 400}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            assertTrue(Blas.parts((long) m * n * k, Math.max(m, n)) >= 4, "the shape is cut");
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    double[] a = random(r, m * k);
                    double[] b = random(r, k * n);
                    double[] one = new double[m * n + 3];
                    double[] five = new double[m * n + 3];
                    Blas.gemm(new Parallel(1), a, 0, ta, b, 0, tb, m, n, k, one, 3);
                    Blas.gemm(new Parallel(5), a, 0, ta, b, 0, tb, m, n, k, five, 3);
                    String what = m + "x" + k + " . " + k + "x" + n + (ta ? " a stored transposed" : "")
                            + (tb ? " b stored transposed" : "");
                    assertArrayEquals(one, five, what + ": one thread and five differ");
                    double[] expected = reference(a, ta, b, tb, m, n, k);
                    for (int i = 0; i < m * n; i++) {
                        assertEquals(expected[i], one[3 + i], 1e-12, what + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void aBatchOfSmallProductsRunsEachWholeOnAnyThread() {
        Random r = new Random(12);
        int m = 64;
        int n = 48;
        int k = 80;
        int count = 40;
        assertEquals(1, Blas.parts((long) m * n * k, m), "each product is one call");
        double[] a = random(r, count * m * k);
        double[] b = random(r, k * n);
        int[] ao = new int[count];
        int[] bo = new int[count];
        for (int i = 0; i < count; i++) {
            ao[i] = i * m * k;
        }
        double[] batched = new double[count * m * n];
        Blas.gemms(new Parallel(3), a, ao, false, b, bo, false, m, n, k, batched, count);
        for (int i = 0; i < count; i++) {
            double[] alone = new double[m * n];
            Blas.gemm(null, a, ao[i], false, b, 0, false, m, n, k, alone, 0);
            double[] got = java.util.Arrays.copyOfRange(batched, i * m * n, (i + 1) * m * n);
            assertArrayEquals(alone, got, "product " + i + " of the batch");
        }
    }

    @Test
    void callersRunningAtOnceGetTheBitsTheyGetAlone() throws Exception {
        int threads = 6;
        int m = 384;
        int n = 128;
        int k = 300;
        Random r = new Random(13);
        double[][] as = new double[threads][];
        double[][] alone = new double[threads][];
        double[] b = random(r, k * n);
        for (int t = 0; t < threads; t++) {
            as[t] = random(r, m * k);
            alone[t] = new double[m * n];
            Blas.gemm(as[t], 0, false, b, 0, false, m, n, k, alone[t], 0);
        }
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    int differing = 0;
                    for (int i = 0; i < 40; i++) {
                        double[] c = new double[m * n];
                        Blas.gemm(as[id], 0, false, b, 0, false, m, n, k, c, 0);
                        differing += java.util.Arrays.equals(c, alone[id]) ? 0 : 1;
                    }
                    return differing;
                }));
            }
            for (int t = 0; t < threads; t++) {
                assertEquals(0, done.get(t).get(), "products of caller " + t + " that differed from its product alone");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void openBlasRunsEachCallOnTheCallingThreadUnlessTheUserSaidOtherwise() {
        Blas.gemm(new double[4], 0, false, new double[4], 0, false, 2, 2, 2, new double[4], 0);
        int openBlasThreads = OpenBlasThreads.get();
        assumeTrue(Blas.implementation().equals("JNIBLAS") && openBlasThreads > 0, "the native BLAS is OpenBLAS");
        assumeTrue(System.getProperty(BlasThreads.PROPERTY) != null || System.getenv(BlasThreads.ENVIRONMENT) == null,
                "OPENBLAS_NUM_THREADS leaves OpenBLAS as the user set it");
        assertEquals(1, openBlasThreads);
    }
}
