package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pieces of the singularity test: solves with Aᵀ from the factors of A (rows pivoted), and the
 * estimate of ‖A⁻¹‖₁, which must be a lower bound within a factor of 3 of the exact norm.
 */
class LuTest {

    /** Random matrices with no diagonal shift, so that partial pivoting swaps rows. */
    private static double[][] random(Random r, int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = 2 * r.nextDouble() - 1;
            }
        }
        return a;
    }

    private static Lu factor(double[][] a) {
        Lu lu = new Lu(a.length);
        lu.factor(MatrixRef.flat(a), 0);
        return lu;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void solvesWithTheTransposeAndTheMatrix(int n) {
        Random r = new Random(n);
        double[][] a = random(r, n);
        double[][] at = new double[n][n];
        double[][] b = new double[n][1];
        for (int i = 0; i < n; i++) {
            b[i][0] = r.nextGaussian();
            for (int j = 0; j < n; j++) {
                at[i][j] = a[j][i];
            }
        }
        Lu lu = factor(a);
        double[] v = MatrixRef.flat(b);
        lu.solveTransposed(v);
        double[] w = MatrixRef.flat(b);
        lu.solve(w);
        double[] xt = MatrixRef.flat(MatrixRef.solve(at, b));
        double[] x = MatrixRef.flat(MatrixRef.solve(a, b));
        for (int i = 0; i < n; i++) {
            assertEquals(xt[i], v[i], 1e-9 * (1 + Math.abs(xt[i])), "Aᵀ solve, element " + i);
            assertEquals(x[i], w[i], 1e-9 * (1 + Math.abs(x[i])), "A solve, element " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 20})
    void estimatesTheNormOfTheInverseFromBelowWithinAFactorOfThree(int n) {
        Random r = new Random(100 + n);
        for (int trial = 0; trial < 20; trial++) {
            double[][] a = random(r, n);
            Lu lu = factor(a);
            double exact = 0;
            for (int j = 0; j < n; j++) {
                double[] e = new double[n];
                e[j] = 1;
                lu.solve(e);
                double col = 0;
                for (double x : e) {
                    col += Math.abs(x);
                }
                exact = Math.max(exact, col);
            }
            double est = lu.inverseNorm1();
            assertTrue(est <= exact * (1 + 1e-9) && est >= exact / 3,
                    "n = " + n + ", trial " + trial + ": estimate " + est + ", exact " + exact);
        }
    }
}
