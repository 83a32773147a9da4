package io.fluxion.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Float32 products go through {@code sgemm} cut as float64 ones are (the twin of
 * {@link BlasParts}): right for every transposition, by rows and by columns, the same bits on one
 * thread as on five, and a batch of small ones the bits of each alone.
 */
class FloatCutProductsTest {

    private static float[] random(Random r, int size) {
        float[] d = new float[size];
        for (int i = 0; i < size; i++) {
            d[i] = (float) (r.nextDouble() - 0.5);
        }
        return d;
    }

    @Test
    void cutFloat32ProductsAreRightAndTheSameOnOneThreadAsOnFive() {
        Random r = new Random(21);
        int[][] shapes = {{512, 96, 400}, {96, 512, 400}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            assertTrue(Blas.parts((long) m * n * k, Math.max(m, n)) >= 4, "the shape is cut");
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] a = random(r, m * k);
                    float[] b = random(r, k * n);
                    float[] one = new float[m * n + 3];
                    float[] five = new float[m * n + 3];
                    FloatBlasParts.gemm(new Parallel(1), a, 0, ta, b, 0, tb, m, n, k, one, 3);
                    FloatBlasParts.gemm(new Parallel(5), a, 0, ta, b, 0, tb, m, n, k, five, 3);
                    String what = m + "x" + k + " . " + k + "x" + n + (ta ? " a stored transposed" : "")
                            + (tb ? " b stored transposed" : "");
                    assertArrayEquals(one, five, what + ": one thread and five differ");
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            // The exact product of the floats in double, and the bound on k float roundings: γ_k Σ|a||b|.
                            double exact = 0;
                            double abs = 0;
                            for (int p = 0; p < k; p++) {
                                double t = (double) (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                                exact += t;
                                abs += Math.abs(t);
                            }
                            double bound = k * 0x1p-24 / (1 - k * 0x1p-24) * abs;
                            double got = one[3 + i * n + j];
                            assertTrue(Math.abs(got - exact) <= bound, what + " at " + i + ", " + j + ": " + got
                                    + " against " + exact + " beyond " + bound);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aBatchOfSmallFloat32ProductsRunsEachWholeOnAnyThread() {
        Random r = new Random(22);
        int m = 64;
        int n = 48;
        int k = 80;
        int count = 40;
        float[] a = random(r, count * m * k);
        float[] b = random(r, k * n);
        int[] ao = new int[count];
        int[] bo = new int[count];
        for (int i = 0; i < count; i++) {
            ao[i] = i * m * k;
        }
        float[] batched = new float[count * m * n];
        FloatBlasParts.gemms(new Parallel(3), a, ao, false, b, bo, false, m, n, k, batched, count);
        for (int i = 0; i < count; i++) {
            float[] alone = new float[m * n];
            FloatBlasParts.gemm(null, a, ao[i], false, b, 0, false, m, n, k, alone, 0);
            assertArrayEquals(alone, java.util.Arrays.copyOfRange(batched, i * m * n, (i + 1) * m * n),
                    "product " + i + " of the batch");
        }
    }
}
