package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.op.Op;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/**
 * GradCheck at float32 points: the derivatives under test computed in float32, the finite
 * differences in float64, the tolerance derived from float32's ε.
 */
class GradCheckFloat32Test {
    private static final Tensor AT = Tensor.vector(0.5, -1, 2).to(DType.FLOAT32);

    @Test
    void theFloat32ToleranceIsDerivedFromItsEpsilonAndFloat64sIsTheDefault() {
        assertEquals(Tolerance.finiteDifferences(), Tolerance.finiteDifferences(DType.FLOAT64));
        Tolerance t = Tolerance.finiteDifferences(DType.FLOAT32);
        assertEquals(new Tolerance(0x1p-13, 0x1p-13, 0x1p-13), t, "2^10 times 2^-23");
        assertEquals(t, CheckOptions.defaults(DType.FLOAT32).tolerance());
    }

    @Test
    void smoothFunctionsOfFloat32PointsPassToOrderTwo() {
        Report r = GradCheck.check(x -> x.sin().times(x).sum(), AT, 2);
        assertTrue(r.passed(), r::toString);
        assertTrue(r.comparisons() > 15, r::toString);
        Tensor w = Tensor.of(new float[][] {{0.3f, -0.2f, 0.1f}, {0.5f, 0.4f, -0.6f}});
        Report several = GradCheck.check(xs -> xs.get(0).matmul(xs.get(1)).plus(xs.get(2)).tanh().square().sum(),
                List.of(w, AT, Tensor.scalar(0.25, DType.FLOAT32)), 2);
        assertTrue(several.passed(), several::toString);
        Report softmax = GradCheck.check(x -> x.softmax(), AT, 2);
        assertTrue(softmax.passed(), softmax::toString);
    }

    @Test
    void float32RoundingPassesTheDerivedToleranceWhereFloat64sIsTooTight() {
        // d/dx cos(100 x) = -100 sin(100 x): 100 x rounded to float32 moves the argument by up to
        // 100 |x| ε/2, about 1e-5 here, a relative error of the derivative far above float64's 1e-6.
        Tensor at = Tensor.vector(0.5, -1.3, 2.1, 0.7).to(DType.FLOAT32);
        Report r = GradCheck.check(x -> x.times(100).cos().sum(), at, 1);
        assertTrue(r.passed(), r::toString);
        Report tight = GradCheck.check(x -> x.times(100).cos().sum(), at, 1, CheckOptions.defaults());
        assertFalse(tight.passed(), "float64's tolerance on float32 rounding: " + tight);
    }

    @Test
    void aWrongRuleIsStillCaughtAndItsValueIsAFloat32() {
        Op half = Fixtures.elementwise("sinWrong", Math::sin,
                (node, arg, t) -> t.times(node.arg(0).cos()),
                (node, arg, ct) -> ct.times(node.arg(0).cos()).times(0.5));
        Report r = GradCheck.check(x -> Apply.of(half, x).sum(), AT, 1);
        assertFalse(r.passed());
        Mismatch m = r.failures().head();
        assertEquals("reverse", m.check());
        // Checked with a random cotangent u (the sum is peeled): expected u cos x, actual half of it.
        assertNotEquals((double) (float) m.expected(), m.expected(), "the finite differences are float64's");
        assertEquals(m.expected() / 2, m.actual(), 1e-6 * Math.abs(m.expected()), m::toString);
        assertEquals((double) (float) m.actual(), m.actual(), 0, "the derivative under test was computed in float32");
        assertTrue(m.allowed() < 1e-3, m::toString);
        assertEquals(3, r.failures().size());
    }
}
