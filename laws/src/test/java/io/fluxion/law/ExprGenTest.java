package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The expression generator's promises: well-defined, bounded, of the shape asked for, and guarded at kinks. */
class ExprGenTest {
    private static final ExprGen EXPRESSIONS = ExprGen.over(Fixtures.DOMAIN).withNonDifferentiable();

    @Test
    void everyExpressionIsFiniteAndBoundedEverywhereInTheDomain() {
        Gen<Bindings> points = Fixtures.DOMAIN.points();
        Gen<Object[]> cases = EXPRESSIONS.anyShape().zip(points, (t, p) -> new Object[] {t, p});
        Law<Object[]> law = new Law<>("generated expressions are finite and bounded by " + Grammar.LIMIT, cases, c -> {
            Term t = (Term) c[0];
            Tensor v = Evaluate.evaluate(t.expr(), (Bindings) c[1]);
            double m = Points.maxAbs(v);
            return Agreement.number("bounded", "max |f|", Math.min(m, Grammar.LIMIT), m, 0, 0,
                    new Tolerance(1e-12, 0, 0));
        }, c -> c[0] + "\n  at " + Sample.show((Bindings) c[1]), c -> io.vavr.collection.Stream.empty());
        LawTests.assertHolds(law, Fixtures.settings(2000));
    }

    @Test
    void tensorsHaveTheirShapeAndStayInTheirInterval() {
        Law<Tensor> law = Law.of("tensors in [-3, 0.5]", Domain.tensors(Shape.matrix(2, 3), -3, 0.5),
                t -> t.shape().equals(Shape.matrix(2, 3)) && java.util.Arrays.stream(t.toArray())
                        .allMatch(d -> d >= -3 && d <= 0.5) ? Report.empty("in") : Report.problem("in", "out: " + t));
        LawTests.assertHolds(law, Fixtures.settings(200));
    }

    @Test
    void expressionsHaveTheShapeAskedFor() {
        for (Shape s : EXPRESSIONS.shapes()) {
            Law<Term> law = Law.of("shape " + s, EXPRESSIONS.terms(s), t -> t.expr().shape().equals(s)
                    ? Report.empty("shape") : Report.problem("shape", "got " + t.expr().shape()));
            LawTests.assertHolds(law, Fixtures.settings(100));
        }
    }

    @Test
    void theShapesComeFromTheVariables() {
        assertEquals(io.vavr.collection.List.of(Shape.scalar(), Shape.vector(3), Shape.matrix(2, 3),
                Shape.matrix(3, 2), Shape.vector(2), Shape.matrix(2, 2), Shape.of(2, 3, 2), Shape.of(2, 2, 3),
                Shape.of(2, 2, 2)), EXPRESSIONS.shapes());
        assertThrows(IllegalArgumentException.class, () -> EXPRESSIONS.terms(Shape.vector(7)));
    }

    @Test
    void restrictingTheOperationsIsChecked() {
        assertTrue(EXPRESSIONS.operations().contains("matmul"));
        assertThrows(IllegalArgumentException.class, () -> EXPRESSIONS.only("nonsense"));
        Law<Term> onlySin = Law.of("only sine", EXPRESSIONS.only("sin").anyShape(), t -> t.toString().contains("cos")
                ? Report.problem("only sine", t.toString()) : Report.empty("only sine"));
        LawTests.assertHolds(onlySin, Fixtures.settings(100));
    }

    @Test
    void guardsKeepSamplesAwayFromKinks() {
        Guard zero = new Guard.AwayFromZero(Fixtures.V, 0.05);
        assertTrue(zero.holds(Tensor.vector(0.1, -0.2, 3)));
        assertFalse(zero.holds(Tensor.vector(0.1, -0.01, 3)));
        Guard tie = new Guard.NoTie(Fixtures.M, 0, 0.05);
        assertTrue(tie.holds(Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 0}})));
        assertFalse(tie.holds(Tensor.of(new double[][] {{1, 2, 3}, {0, 1.99, 0}})));
        Guard rows = new Guard.NoTie(Fixtures.M, 1, 0.05);
        assertTrue(rows.holds(Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 1}})));
        assertFalse(rows.holds(Tensor.of(new double[][] {{1, 3, 3}, {0, 0, 1}})));
        Term relu = new Term(Fixtures.X.relu(), io.vavr.collection.List.of(new Guard.AwayFromZero(Fixtures.X, 0.05)));
        assertTrue(relu.smoothAt(Bindings.of(Fixtures.X, 0.5)));
        assertFalse(relu.smoothAt(Bindings.of(Fixtures.X, 0.01)));
    }
}
