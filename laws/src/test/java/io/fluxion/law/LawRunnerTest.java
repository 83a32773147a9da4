package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.Shape;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Running laws: outcomes, seeds that reproduce, shrinking, and the JUnit bridge. */
class LawRunnerTest {
    private static final ExprGen EXPRESSIONS = ExprGen.over(Fixtures.DOMAIN);

    /** A false law about expressions: none of them takes a sine. */
    private static final Law<Term> NO_SINE = Law.of("no expression takes a sine", EXPRESSIONS.anyShape(),
            t -> t.toString().contains("sin(") ? Report.problem("no sine", "found a sine") : Report.empty("no sine"))
            .withShrink(Term::smaller);

    /**
     * Shrinking ends at a local minimum: the counterexample still fails, and every structurally
     * smaller candidate passes. (Which minimum depends on the seed: shrinking keeps the shape, so a
     * first find such as v + sin(x), a vector, cannot become the scalar sin(x).)
     */
    @Test
    void aFalseLawIsShrunkToALocallyMinimalCounterexample() {
        for (long seed : new long[] {1, 2, 3}) {
            Outcome<Term> o = LawRunner.run(NO_SINE, Settings.defaults().withSeed(seed));
            Outcome.Falsified<Term> f = assertInstanceOf(Outcome.Falsified.class, o, o::message);
            assertTrue(f.counterexample().size() <= f.firstFound().size(), f::message);
            assertTrue(f.shown().contains("sin("), f::message);
            assertTrue(f.counterexample().smaller().forAll(t -> !t.toString().contains("sin(")),
                    () -> "a smaller candidate still fails: " + f.message());
            assertTrue(f.counterexample().size() <= 4, f::message);
        }
    }

    /**
     * A law that fails by x / 0.001 for x in [0, 1]: shrinking towards 0 once ended at the edge of
     * tolerance ("error 0.00101 > allowed 0.001"); it now keeps only counterexamples that fail at
     * least half as badly as the first one found, which is shown too.
     */
    @Test
    void shrinkingDoesNotHideTheSizeOfTheError() {
        org.quicktheories.core.Gen<Double> xs = src -> Draws.real(src, 0, 1, 0);
        Law<Double> law = Law.of("x is at most 0.001", xs, x -> Report.empty("x").compared(
                new Mismatch("x", "x", io.vavr.collection.List.empty(), 0, x, x, 0.001), x > 0.001));
        for (long seed : new long[] {1, 2, 3}) {
            Outcome.Falsified<Double> f = assertInstanceOf(Outcome.Falsified.class,
                    LawRunner.run(law, Settings.defaults().withSeed(seed)));
            assertTrue(f.counterexample() <= f.firstFound(), f::message);
            assertTrue(f.counterexample() >= f.firstFound() / 2, f::message);
            assertTrue(f.report().severity() >= f.firstReport().severity() / 2, f::message);
            assertTrue(f.firstFound().equals(f.counterexample())
                    || f.message().contains("first failing example, before shrinking:\n  " + f.firstFound()), f::message);
        }
    }

    @Test
    void theSameSeedGivesTheSameCounterexample() {
        Settings s = Settings.defaults().withSeed(42);
        assertEquals(LawRunner.run(NO_SINE, s).message(), LawRunner.run(NO_SINE, s).message());
    }

    @Test
    void theJUnitMessageCarriesTheSeedToReproduce() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> LawTests.assertHolds(NO_SINE, Settings.defaults().withSeed(987654321L)));
        assertTrue(e.getMessage().contains("-Dfluxion.laws.seed=987654321"), e::getMessage);
        assertTrue(e.getMessage().contains("counterexample"), e::getMessage);
    }

    @Test
    void aGeneratorThatCannotSatisfyItsConditionsIsReportedAsExhausted() {
        Law<Term> impossible = Law.of("never generated", EXPRESSIONS.scalars().assuming(t -> false),
                t -> Report.empty("unreachable"));
        Outcome<Term> o = LawRunner.run(impossible, Settings.defaults().withSeed(1).withExamples(5));
        assertInstanceOf(Outcome.Exhausted.class, o, o::message);
    }

    @Test
    void anExceptionInAPropertyIsAFailureWithItsMessage() {
        Law<Term> throwing = Law.of("throws", EXPRESSIONS.scalars(), t -> {
            throw new IllegalStateException("boom");
        });
        Outcome<Term> o = LawRunner.run(throwing, Settings.defaults().withSeed(1));
        assertTrue(!o.held() && o.message().contains("boom"), o::message);
    }

    @Test
    void theBridgeMakesOneTestPerLaw() {
        Suite suite = GradientLaws.of(x -> x.tanh().sum(), Domain.box(Shape.vector(2), -1, 1));
        Stream<DynamicTest> tests = LawTests.of(suite, Settings.defaults().withExamples(5));
        assertEquals(suite.laws().size(), tests.count());
        assertEquals(11, suite.laws().size());
    }

    @Test
    void aSuiteTakesAFunctionOfAnyShape() {
        Suite suite = GradientLaws.of(x -> x.tanh().matmul(x.transpose()), Domain.box(Shape.matrix(2, 3), -1, 1));
        for (Law<?> law : suite.laws()) {
            Outcome<?> o = LawRunner.run(law, Settings.defaults().withSeed(3).withExamples(20));
            assertTrue(o.held(), o::message);
        }
    }
}
