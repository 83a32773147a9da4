package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.op.Op;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** GradCheck as a user calls it: passing functions, reports of failures, options and problems. */
class GradCheckTest {
    private static final Tensor AT = Tensor.vector(0.5, -1, 2);

    @Test
    void aSmoothFunctionPassesToOrderThree() {
        Report r = GradCheck.check(x -> x.sin().times(x).sum(), AT, 3);
        assertTrue(r.passed(), r::toString);
        assertTrue(r.comparisons() > 50, r::toString);
        assertTrue(r.toValidation().isValid());
        assertTrue(r.toString().endsWith("all passed"), r::toString);
    }

    @Test
    void severalVariablesOfEveryRank() {
        Tensor w = Tensor.of(new double[][] {{0.3, -0.2, 0.1}, {0.5, 0.4, -0.6}});
        Report r = GradCheck.check(xs -> xs.get(0).matmul(xs.get(1)).plus(xs.get(2)).tanh().square().sum(),
                List.of(w, AT, Tensor.scalar(0.25)), 2);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void aVectorValuedFunctionIsCheckedThroughRandomCotangents() {
        Report r = GradCheck.check(x -> x.softmax(), AT, 2);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void onlyTheVariablesAskedForAreDifferentiated() {
        Var x = Var.of("x", Shape.scalar());
        Var y = Var.of("y", Shape.scalar());
        Expr f = x.times(y).exp();
        Bindings at = Bindings.of(x, 0.3).and(y, -0.7);
        Report all = GradCheck.check(f, at, 1);
        Report xOnly = GradCheck.check(f, at, List.of(x), 1, CheckOptions.defaults().withModes(Mode.REVERSE));
        assertTrue(all.passed() && xOnly.passed());
        assertEquals(1, xOnly.comparisons());
    }

    @Test
    void aWrongRuleIsListedWithVariableElementExpectedAndActual() {
        Op half = Fixtures.elementwise("sinWrong", Math::sin,
                (node, arg, t) -> t.times(node.arg(0).cos()),
                (node, arg, ct) -> ct.times(node.arg(0).cos()).times(0.5));
        // A dot product with ones, not a sum: a final sum would be peeled off and checked with a random cotangent.
        Report r = GradCheck.check(x -> Apply.of(half, x).matmul(new Const(Tensor.vector(1, 1, 1))), AT, 1);
        assertFalse(r.passed());
        Mismatch m = r.failures().head();
        assertEquals("reverse", m.check());
        assertEquals("x", m.where());
        assertEquals(List.of(0), m.element());
        assertEquals(Math.cos(0.5), m.expected(), 1e-9);
        assertEquals(Math.cos(0.5) / 2, m.actual(), 1e-15);
        assertEquals(Math.cos(0.5) / 2, m.error(), 1e-9);
        assertTrue(m.allowed() < 1e-5);
        assertEquals(3, r.failures().size());
        assertTrue(r.toValidation().getError().size() == 3);
    }

    @Test
    void modesCanBeCheckedAlone() {
        Op bad = Fixtures.TWICE_BAD_VJP;
        assertTrue(GradCheck.check(x -> Apply.of(bad, x).sum(), AT, 1,
                CheckOptions.defaults().withModes(Mode.FORWARD).withDirections(4)).passed());
        assertFalse(GradCheck.check(x -> Apply.of(bad, x).sum(), AT, 1,
                CheckOptions.defaults().withModes(Mode.REVERSE)).passed());
    }

    @Test
    void theReportIsADeterministicFunctionOfItsInputs() {
        Op bad = Fixtures.CUBE_DISAGREEING;
        String a = GradCheck.check(x -> Apply.of(bad, x).sum(), AT, 2).toString();
        String b = GradCheck.check(x -> Apply.of(bad, x).sum(), AT, 2).toString();
        assertEquals(a, b);
    }

    @Test
    void aPointOutsideTheDomainIsAProblemNotAnException() {
        Report r = GradCheck.check(x -> x.log().sum(), Tensor.vector(1, -1), 1);
        assertFalse(r.passed());
        assertEquals(0, r.comparisons());
        assertTrue(r.problems().head().contains("not finite"), r::toString);
    }

    @Test
    void aRuleOfTheWrongShapeIsAProblemNotAnException() {
        Op wrongShape = Fixtures.elementwise("wrongShape", v -> v,
                (node, arg, t) -> t,
                (node, arg, ct) -> ct.sum());
        Report r = GradCheck.check(x -> Apply.of(wrongShape, x).sum(), AT, 1);
        assertFalse(r.passed());
        assertTrue(r.problems().exists(p -> p.startsWith("reverse")), r::toString);
    }

    @Test
    void anOrderBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(x -> x.sum(), AT, 0));
    }

    @Test
    void richardsonExtrapolationIsFarMoreAccurateThanOneCentralDifference() {
        Ridders.Estimate e = Ridders.derivative(h -> new double[] {Math.exp(1 + h), Math.sin(3 * h)}, 0.1);
        assertEquals(Math.E, e.value()[0], 1e-12);
        assertEquals(3, e.value()[1], 1e-12);
        assertTrue(e.error()[0] < 1e-10 && e.error()[1] < 1e-10);
    }

    @Test
    void constantsAndUnconnectedVariablesHaveZeroDerivatives() {
        Var x = Var.of("x", Shape.scalar());
        Var unused = Var.of("unused", Shape.scalar());
        Report r = GradCheck.check(x.square().plus(Const.of(3)), Bindings.of(x, 1.5).and(unused, 2.0), 2);
        assertTrue(r.passed(), r::toString);
    }
}
