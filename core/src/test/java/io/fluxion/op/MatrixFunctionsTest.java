package io.fluxion.op;

import static io.fluxion.interp.Approx.assertClose;
import static io.fluxion.interp.DerivativeCheck.check;
import static io.fluxion.op.MatrixRef.wellConditioned;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Points;
import io.fluxion.interp.Reverse;
import io.fluxion.interp.Simplify;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * inv, det, logDet, trace, diagonal, diagEmbed and solve: values against cofactor and Gauss-Jordan
 * references on single matrices and batches, and JVP, VJP and second derivatives against central
 * differences, at well-conditioned random matrices (uniform in [-1, 1) plus n·I).
 */
class MatrixFunctionsTest {
    private static final Shape M2 = Shape.matrix(2, 2);
    private static final Shape M3 = Shape.matrix(3, 3);
    private static final Shape BATCH = Shape.of(2, 3, 3);

    private static Tensor eval(Expr e, Var x, Tensor at) {
        return Evaluate.evaluate(e, Bindings.of(x, at));
    }

    @Test
    void valuesWorkedByHand() {
        Var a = Var.of("a", M2);
        Tensor at = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        assertClose(Tensor.of(new double[][] {{-2, 1}, {1.5, -0.5}}), eval(a.inv(), a, at), "inv");
        assertClose(Tensor.scalar(-2), eval(a.det(), a, at), "det");
        assertClose(Tensor.scalar(Math.log(2)), eval(a.logDet(), a, at), "logDet of a negative determinant");
        assertClose(Tensor.scalar(5), eval(a.trace(), a, at), "trace");
        assertClose(Tensor.vector(1, 4), eval(a.diagonal(), a, at), "diagonal");
        assertClose(Tensor.vector(0, 0.5), eval(a.solve(vec(1, 2)), a, at), "solve");
        Var v = Var.of("v", Shape.vector(2));
        assertClose(Tensor.of(new double[][] {{3, 0}, {0, -1}}), eval(v.diagEmbed(), v, Tensor.vector(3, -1)),
                "diagEmbed");
        Var b = Var.of("b", M3);
        Tensor m = Tensor.of(new double[][] {{2, 0, 1}, {1, 3, 2}, {1, 1, 1}});
        assertClose(Tensor.scalar(2 * (3 - 2) + 1 * (1 - 3)), eval(b.det(), b, m), "det of a singular 3×3: 0");
        Tensor n = Tensor.of(new double[][] {{2, 0, 1}, {1, 3, 2}, {1, 1, 2}});
        assertClose(Tensor.scalar(2 * (6 - 2) + 1 * (1 - 3)), eval(b.det(), b, n), "det 3×3 by cofactors: 6");
    }

    private static Expr vec(double... v) {
        return new Const(Tensor.vector(v));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void inverse(long seed) {
        Random r = new Random(seed);
        for (Shape s : List.of(M2, M3, BATCH)) {
            check("inv " + s, x -> x.get(0).inv(),
                    x -> MatrixRef.perMatrix(x.get(0), s, m -> MatrixRef.flat(MatrixRef.inv(m))),
                    List.of(wellConditioned(r, s)), seed);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void determinant(long seed) {
        Random r = new Random(seed);
        for (Shape s : List.of(M2, M3, BATCH)) {
            Shape out = s.take(s.rank() - 2);
            check("det " + s, x -> x.get(0).det(),
                    x -> MatrixRef.perMatrix(x.get(0), out, m -> new double[] {MatrixRef.det(m)}),
                    List.of(withNegativeFirstRow(wellConditioned(r, s))), seed);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void logAbsDeterminant(long seed) {
        Random r = new Random(seed);
        for (Shape s : List.of(M2, M3, BATCH)) {
            Shape out = s.take(s.rank() - 2);
            Tensor at = wellConditioned(r, s);
            check("logDet " + s, x -> x.get(0).logDet(),
                    x -> MatrixRef.perMatrix(x.get(0), out, m -> new double[] {Math.log(Math.abs(MatrixRef.det(m)))}),
                    List.of(seed == 1 ? at : withNegativeFirstRow(at)), seed);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void traceDiagonalAndEmbedding(long seed) {
        Random r = new Random(seed);
        for (Shape s : List.of(M3, BATCH)) {
            Shape out = s.take(s.rank() - 2);
            int n = s.dim(-1);
            Tensor at = Points.uniform(r, s, -2, 2);
            check("trace " + s, x -> x.get(0).trace(),
                    x -> MatrixRef.perMatrix(x.get(0), out, m -> new double[] {m[0][0] + m[1][1] + m[2][2]}),
                    List.of(at), seed);
            check("diagonal " + s, x -> x.get(0).diagonal(), x -> MatrixRef.perMatrix(x.get(0), s.take(s.rank() - 1),
                    m -> new double[] {m[0][0], m[1][1], m[2][2]}), List.of(at), seed);
            Shape d = s.take(s.rank() - 1);
            check("diagEmbed " + d, x -> x.get(0).diagEmbed(),
                    x -> x.get(0).reshape(d.concat(Shape.vector(1))).times(Tensor.of(identity(n))),
                    List.of(Points.uniform(r, d, -2, 2)), seed);
        }
    }

    /** a · x = b for one matrix and a matrix or vector right-hand side, and a batch of vectors (PyTorch's rule). */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void solveSingleAndVectors(long seed) {
        Random r = new Random(seed);
        solve(M3, Shape.matrix(3, 2), Shape.matrix(3, 2), r, seed);
        solve(M3, Shape.vector(3), Shape.vector(3), r, seed);
        solve(BATCH, Shape.of(2, 3), Shape.of(2, 3), r, seed);
        solve(BATCH, Shape.vector(3), Shape.of(2, 3), r, seed);
    }

    /** Batch dimensions broadcast as in matmul, on either side and on both at once; the VJP sums them back. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void solveBroadcastsBatches(long seed) {
        Random r = new Random(seed);
        solve(BATCH, Shape.matrix(3, 2), Shape.of(2, 3, 2), r, seed);
        solve(M3, Shape.of(2, 3, 2), Shape.of(2, 3, 2), r, seed);
        solve(Shape.of(2, 1, 3, 3), Shape.of(2, 3, 1), Shape.of(2, 2, 3, 1), r, seed);
    }

    private static void solve(Shape a, Shape b, Shape out, Random r, long seed) {
        boolean vectors = b.rank() == 1 || out.rank() == a.rank() - 1;
        Shape bm = vectors ? b.concat(Shape.vector(1)) : b;
        Shape batch = vectors ? out.take(out.rank() - 1) : out.take(out.rank() - 2);
        check("solve " + a + " " + b, x -> x.get(0).solve(x.get(1)),
                x -> MatrixRef.solve(x.get(0), x.get(1).reshape(bm), batch).reshape(out),
                List.of(wellConditioned(r, a), Points.uniform(r, b, -2, 2)), seed);
    }

    @Test
    void inverseTimesMatrixIsTheIdentityAndSolveIsInverseTimesB() {
        Random r = new Random(7);
        Var a = Var.of("a", Shape.of(2, 4, 4));
        Var b = Var.of("b", Shape.of(2, 4, 3));
        Bindings at = Bindings.of(a, wellConditioned(r, a.shape())).and(b, Points.uniform(r, b.shape(), -2, 2));
        Tensor eye = Tensor.zeros(a.shape()).plus(Tensor.of(identity(4)));
        assertClose(eye, Evaluate.evaluate(a.inv().matmul(a), at), 1e-12, 1e-12, "inv(a)·a");
        assertClose(eye, Evaluate.evaluate(a.matmul(a.inv()), at), 1e-12, 1e-12, "a·inv(a)");
        assertClose(Evaluate.evaluate(a.inv().matmul(b), at), Evaluate.evaluate(a.solve(b), at), 1e-12, 1e-12,
                "solve(a, b) against inv(a)·b");
        Tensor det = Evaluate.evaluate(a.det(), at);
        assertClose(det.map(d -> Math.log(Math.abs(d))), Evaluate.evaluate(a.logDet(), at), "logDet = log|det|");
    }

    /** A compiled gradient (with its fusions and merged sub-expressions) agrees with the evaluated one. */
    @Test
    void compiledGradientsAgreeWithEvaluated() {
        Random r = new Random(3);
        Var a = Var.of("a", BATCH);
        Var b = Var.of("b", Shape.matrix(3, 2));
        Expr y = a.logDet().sum().plus(a.inv().matmul(b).square().sum()).plus(a.solve(b).sum())
                .plus(a.det().times(a.trace()).sum()).plus(a.diagonal().diagEmbed().sum());
        List<Expr> grads = Reverse.gradients(y, List.of(a, b));
        Bindings at = Bindings.of(a, wellConditioned(r, BATCH)).and(b, Points.uniform(r, b.shape(), -1, 1));
        List<Tensor> compiled = Compile.compile(grads).run(at);
        for (int i = 0; i < 2; i++) {
            assertClose(Evaluate.evaluate(grads.get(i), at), compiled.get(i), 1e-10, 1e-10, "gradient " + i);
        }
    }

    @Test
    void diagonalOfADiagonalMatrixSimplifiesToItsVector() {
        Var v = Var.of("v", Shape.of(2, 3));
        Expr e = Simplify.simplify(v.diagEmbed().diagonal());
        assertSame(v, e);
    }

    @Test
    void everyMatrixFunctionIsCataloguedAsDifferentiable() {
        List<String> names = List.of("inv", "det", "logDet", "trace", "diagonal", "diagEmbed", "solve");
        for (String name : names) {
            assertTrue(Catalogue.all().contains(new Catalogue.Special(name, true)),
                    name + " is in the catalogue");
        }
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    /** The matrices with their first row negated: the determinant changes sign. */
    private static Tensor withNegativeFirstRow(Tensor a) {
        int n = a.shape().dim(-1);
        double[] sign = new double[n];
        Arrays.fill(sign, 1);
        sign[0] = -1;
        return a.times(Tensor.of(Shape.matrix(n, 1), sign));
    }
}
