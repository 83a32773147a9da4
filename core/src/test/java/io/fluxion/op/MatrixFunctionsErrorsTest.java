package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Approx;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Program;
import io.fluxion.op.internal.Shapes;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Shapes that are not square matrices, mismatched solves, and singular matrices (exactly, to
 * working precision, and only by their condition number) are errors naming the operation, the
 * shapes and the batch index; det of a singular matrix is 0, and nearly singular matrices within
 * the threshold are still inverted.
 */
class MatrixFunctionsErrorsTest {

    private static <T extends Throwable> T fails(Class<T> type, Executable run, String... parts) {
        T e = assertThrows(type, run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should name " + p);
        }
        return e;
    }

    private static final List<String> UNARY = List.of("inv", "det", "logDet", "trace", "diagonal");

    private static UnaryOperator<Expr> unary(String name) {
        return switch (name) {
            case "inv" -> Expr::inv;
            case "det" -> Expr::det;
            case "logDet" -> Expr::logDet;
            case "trace" -> Expr::trace;
            default -> Expr::diagonal;
        };
    }

    @Test
    void aNonSquareOrLowRankArgumentIsAShapeErrorAtBuild() {
        for (String op : UNARY) {
            UnaryOperator<Expr> f = unary(op);
            fails(ShapeException.class, () -> f.apply(Var.of("m", Shape.matrix(2, 3))), op + ":", "(2, 3)", "square");
            fails(ShapeException.class, () -> f.apply(Var.of("b", Shape.of(4, 3, 2))), op + ":", "(4, 3, 2)");
            fails(ShapeException.class, () -> f.apply(Var.of("v", Shape.vector(3))), op + ":", "(3)");
            fails(ShapeException.class, () -> f.apply(Var.of("s", Shape.scalar())), op + ":", "()");
        }
        fails(ShapeException.class, () -> Var.of("s", Shape.scalar()).diagEmbed(), "diagEmbed:", "()");
    }

    @Test
    void mismatchedSolvesNameBothShapes() {
        Var a = Var.of("a", Shape.matrix(3, 3));
        fails(ShapeException.class, () -> a.solve(Var.of("b", Shape.matrix(4, 2))), "solve:", "(3, 3)", "(4, 2)");
        fails(ShapeException.class, () -> a.solve(Var.of("b", Shape.vector(4))), "solve:", "(3, 3)", "(4)");
        fails(ShapeException.class, () -> a.solve(Var.of("b", Shape.scalar())), "solve:", "(3, 3)", "()");
        Var batch = Var.of("a", Shape.of(2, 3, 3));
        fails(ShapeException.class, () -> batch.solve(Var.of("b", Shape.of(3, 3, 1))), "solve:", "(2, 3, 3)",
                "(3, 3, 1)", "broadcast");
        fails(ShapeException.class, () -> Var.of("a", Shape.matrix(3, 2)).solve(Var.of("b", Shape.vector(3))),
                "solve:", "(3, 2)", "(3)", "square");
    }

    private static final Tensor SINGULAR = Tensor.of(new double[][] {{1, 2}, {2, 4}});
    private static final Tensor REGULAR = Tensor.of(new double[][] {{2, 1}, {1, 3}});

    @Test
    void aSingularMatrixIsAnErrorNamingTheOperation() {
        Var a = Var.of("a", Shape.matrix(2, 2));
        Bindings at = Bindings.of(a, SINGULAR);
        SingularMatrixException e = fails(SingularMatrixException.class, () -> Evaluate.evaluate(a.inv(), at),
                "inv:", "(2, 2)", "singular");
        assertEquals("inv", e.operation());
        assertEquals("()", e.batchIndex());
        fails(SingularMatrixException.class, () -> Evaluate.evaluate(a.logDet(), at), "logDet:", "singular");
        Var b = Var.of("b", Shape.vector(2));
        fails(SingularMatrixException.class, () -> Evaluate.evaluate(a.solve(b), at.and(b, Tensor.vector(1, 1))),
                "solve:", "singular");
        Var zero = Var.of("z", Shape.matrix(3, 3));
        fails(SingularMatrixException.class, () -> Evaluate.evaluate(zero.inv(), Bindings.of(zero,
                Tensor.zeros(zero.shape()))), "inv:", "pivot 0");
    }

    @Test
    void theErrorNamesTheBatchIndexOfTheSingularMatrix() {
        Var a = Var.of("a", Shape.of(2, 2, 2, 2));
        Tensor batch = stack(REGULAR, REGULAR, REGULAR, SINGULAR);
        Bindings at = Bindings.of(a, batch);
        SingularMatrixException e = fails(SingularMatrixException.class, () -> Evaluate.evaluate(a.inv(), at),
                "inv:", "batch index (1, 1)", "(2, 2, 2, 2)");
        assertEquals("(1, 1)", e.batchIndex());
        // solve names the index in a's own batch, even when b's batch broadcasts it
        Var b = Var.of("b", Shape.of(3, 1, 1, 2, 1));
        fails(SingularMatrixException.class, () -> Evaluate.evaluate(a.solve(b), at.and(b, Tensor.ones(b.shape()))),
                "solve:", "batch index (1, 1)");
        Program p = Compile.compile(List.of(a.logDet()));
        fails(SingularMatrixException.class, () -> p.run(at), "logDet:", "batch index (1, 1)");
        // the failed run leaves the program usable
        Approx.assertClose(Tensor.of(Shape.matrix(2, 2), 4, 4, 4, 4).map(x -> Math.log(5)),
                p.run(Bindings.of(a, stack(REGULAR, REGULAR, REGULAR, REGULAR))).head(), "after a failure");
    }

    @Test
    void theDeterminantOfASingularMatrixIsZero() {
        Var a = Var.of("a", Shape.of(3, 2, 2));
        Approx.assertClose(Tensor.vector(5, 0, 5), Evaluate.evaluate(a.det(), Bindings.of(a,
                stack(REGULAR, SINGULAR, REGULAR))), "det");
        Var b = Var.of("b", Shape.matrix(3, 3));
        Tensor repeatedRow = Tensor.of(new double[][] {{1, 2, 3}, {1, 2, 3}, {4, 5, 7}});
        Approx.assertClose(Tensor.scalar(0), Evaluate.evaluate(b.det(), Bindings.of(b, repeatedRow)), "det");
    }

    /** Singular to working precision: LU leaves a pivot of rounding size, which inv would turn into 1e16s. */
    @Test
    void aMatrixSingularToWorkingPrecisionIsAnError() {
        Var a = Var.of("a", Shape.matrix(3, 3));
        Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        fails(SingularMatrixException.class, () -> Evaluate.evaluate(a.inv(), Bindings.of(a, m)), "inv:", "singular");
    }

    /**
     * Caught by the condition number alone: [[1, 1], [1, 1 + 1e-15]] has pivots 1 and 1.1e-15, above
     * n·ε·max|a| = 4.4e-16, but 1/cond₁ = 2.8e-16 is below n·ε; and a 60×60 unit upper triangular
     * matrix with -1 above the diagonal has every pivot 1 but cond₁ = 60·2⁵⁹.
     */
    @Test
    void anIllConditionedMatrixWithNoSmallPivotIsAnError() {
        Var a = Var.of("a", Shape.matrix(2, 2));
        Tensor close = Tensor.of(new double[][] {{1, 1}, {1, 1 + 1e-15}});
        fails(SingularMatrixException.class, () -> Evaluate.evaluate(a.inv(), Bindings.of(a, close)),
                "inv:", "reciprocal condition number");
        int n = 60;
        double[] u = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                u[i * n + j] = i == j ? 1 : -1;
            }
        }
        Var t = Var.of("t", Shape.matrix(n, n));
        fails(SingularMatrixException.class, () -> Evaluate.evaluate(t.logDet(), Bindings.of(t, Tensor.of(t.shape(), u))),
                "logDet:", "reciprocal condition number");
    }

    /** cond ≈ 4e10 is far from singular to working precision: inverted, and correct to about 1e-6 relative. */
    @Test
    void aNearlySingularMatrixWithinTheThresholdIsInverted() {
        Var a = Var.of("a", Shape.matrix(2, 2));
        double d = 1e-10;
        Tensor m = Tensor.of(new double[][] {{1, 1}, {1, 1 + d}});
        Tensor expected = Tensor.of(new double[][] {{(1 + d) / d, -1 / d}, {-1 / d, 1 / d}});
        Approx.assertClose(expected, Evaluate.evaluate(a.inv(), Bindings.of(a, m)), 1e-5, 0, "inv");
    }

    private static Tensor stack(Tensor... matrices) {
        double[] d = new double[matrices.length * 4];
        for (int i = 0; i < matrices.length; i++) {
            System.arraycopy(matrices[i].toArray(), 0, d, 4 * i, 4);
        }
        return Tensor.of(matrices.length == 4 ? Shape.of(2, 2, 2, 2) : Shape.of(matrices.length, 2, 2), d);
    }
}
