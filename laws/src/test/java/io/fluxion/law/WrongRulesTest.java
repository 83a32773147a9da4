package io.fluxion.law;

import static io.fluxion.law.Fixtures.CUBE_DISAGREEING;
import static io.fluxion.law.Fixtures.CUBE_FIRST_ORDER_ONLY;
import static io.fluxion.law.Fixtures.TWICE_BAD_VJP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.op.Op;
import io.fluxion.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The laws can fail: primitives with deliberately wrong rules are caught, and the failing
 * expression is shrunk to a small one that shows the culprit.
 */
class WrongRulesTest {
    /** A fixed seed, so that these tests check the same shrinking every run. */
    private static final Settings SETTINGS = Settings.defaults().withSeed(20240601L).withExamples(300);

    /**
     * The grammar without loops, plus a primitive with wrong rules: these tests pin how small the
     * shrunk counterexamples are, which depends on the grammar's random draws, and a scan adds
     * nothing to what they check (the full grammar, scans included, runs in {@code CoreLawsTest}).
     */
    private static ExprGen with(Op op, double growth) {
        ExprGen g = ExprGen.over(Fixtures.DOMAIN).withUnary(op.name(), x -> Fixtures.apply(op, x), b -> growth * b);
        return g.only(g.operations().remove("scan").toJavaArray(String[]::new));
    }

    /** The sum is peeled off: the VJP is checked with a random cotangent u, so expected is 2u and actual u. */
    @Test
    void gradCheckListsEveryElementOfAVjpMissingAFactorOfTwo() {
        Report r = GradCheck.check(x -> Fixtures.apply(TWICE_BAD_VJP, x).sum(), Tensor.vector(0.5, -1, 2), 1);
        assertFalse(r.passed());
        assertTrue(r.subject().contains("at its summand twice(x)"), r::toString);
        assertEquals(3, r.failures().size(), r::toString);
        assertTrue(r.failures().forAll(m -> m.check().equals("reverse") && m.where().equals("x")
                && Math.abs(m.expected() - 2 * m.actual()) < 1e-9 * Math.abs(m.expected())
                && Math.abs(m.error() - Math.abs(m.actual())) < 1e-9), r::toString);
        assertEquals(io.vavr.collection.List.of(0, 1, 2), r.failures().map(m -> m.element().head()));
        assertTrue(r.toString().contains("reverse: x[1]: expected ") && r.toString().contains("(relative 0.500)"),
                r::toString);
        assertTrue(r.toValidation().isInvalid());
    }

    @Test
    void theReverseLawCatchesTheMissingFactorAndShrinksTheExpression() {
        ExprGen gen = with(TWICE_BAD_VJP, 2);
        Outcome<Sample> o = LawRunner.run(GradientLaws.reverseMatchesDifferences(
                Sample.of(gen.scalars(), Fixtures.DOMAIN), CheckOptions.defaults()), SETTINGS);
        Outcome.Falsified<Sample> f = assertInstanceOf(Outcome.Falsified.class, o, o::message);
        assertTrue(f.counterexample().function().toString().contains("twice"), f::message);
        assertTrue(f.counterexample().function().size() <= f.firstFound().function().size(), f::message);
        assertTrue(f.counterexample().function().size() <= 4, f::message);
        assertTrue(f.message().contains("seed 20240601"), f::message);
        assertFalse(f.report().passed());
    }

    @Test
    void theDotProductLawCatchesAJvpAndVjpThatDisagree() {
        ExprGen gen = with(CUBE_DISAGREEING, 1);
        Outcome<Sample> o = LawRunner.run(GradientLaws.dotProduct(Sample.of(gen.anyShape(), Fixtures.DOMAIN),
                Tolerance.identities()), SETTINGS);
        Outcome.Falsified<Sample> f = assertInstanceOf(Outcome.Falsified.class, o, o::message);
        assertTrue(f.counterexample().function().toString().contains("cube"), f::message);
        assertTrue(f.counterexample().function().size() <= 4, f::message);
    }

    @Test
    void gradCheckBlamesOnlyTheModeThatIsWrong() {
        Report r = GradCheck.check(x -> Fixtures.apply(CUBE_DISAGREEING, x).sum(), Tensor.vector(0.5, -1, 2), 1);
        assertFalse(r.passed());
        assertTrue(r.failures().forAll(m -> m.check().equals("reverse")), r::toString);
    }

    @Test
    void rulesRightOnlyAtFirstOrderPassOrderOneAndFailOrderTwo() {
        Tensor at = Tensor.vector(0.5, -1, 2);
        assertTrue(GradCheck.check(x -> Fixtures.apply(CUBE_FIRST_ORDER_ONLY, x).sum(), at, 1).passed());
        Report r = GradCheck.check(x -> Fixtures.apply(CUBE_FIRST_ORDER_ONLY, x).sum(), at, 2);
        assertFalse(r.passed());
        assertTrue(r.failures().forAll(m -> m.check().contains("-over-")), r::toString);
    }

    /**
     * Hiding x from the rules makes every construction of a Hessian-vector product equally wrong,
     * so the law that they agree holds; nested differentiation against finite differences and the
     * Taylor remainder catch it.
     */
    @Test
    void secondOrderLawsCatchRulesRightOnlyAtFirstOrder() {
        Domain d = Fixtures.DOMAIN;
        var samples = Sample.of(with(CUBE_FIRST_ORDER_ONLY, 1).scalars(), d);
        Outcome<Sample> first = LawRunner.run(GradientLaws.reverseMatchesDifferences(samples, CheckOptions.defaults()),
                SETTINGS);
        assertTrue(first.held(), first::message);
        for (Law<Sample> law : java.util.List.of(
                SecondOrderLaws.nestedMatchesDifferences(samples, CheckOptions.defaults()),
                TaylorLaw.of(samples))) {
            Outcome<Sample> o = LawRunner.run(law, SETTINGS);
            Outcome.Falsified<Sample> f = assertInstanceOf(Outcome.Falsified.class, o, o::message);
            assertTrue(f.counterexample().function().toString().contains("cube"), f::message);
            assertTrue(f.counterexample().function().size() <= 4, f::message);
        }
        Outcome<Sample> agree = LawRunner.run(SecondOrderLaws.hessianVectorProductsAgree(samples,
                Tolerance.identities()), SETTINGS);
        assertTrue(agree.held(), agree::message);
    }
}
