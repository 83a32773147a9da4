package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Right derivatives at and near kinks are never reported wrong: finite differences that see a kink
 * judge by one-sided derivatives or say they did not judge, and the Taylor law does not hold a kink
 * against the rules.
 */
class KinksTest {
    private static final double[] DISTANCES = {0, 1e-14, 1e-12, 1e-9, 1e-7, 1e-5, 1e-3, 5e-3, 0.02};
    private static final Var X = Var.of("x", Shape.vector(2));

    private static void neverFlagged(String name, Function<Expr, Expr> f, double kink) {
        Expr y = f.apply(X);
        for (double d : DISTANCES) {
            for (double side : new double[] {1, -1}) {
                Bindings at = Bindings.of(X, Tensor.vector(kink + side * d, 0.7));
                Report r = GradCheck.check(y, at, 2);
                assertTrue(r.passed(), () -> name + " at " + at + ": " + r);
                for (Tensor v : new Tensor[] {Tensor.vector(1, 0.3), Tensor.vector(-1, 0.3), Tensor.vector(0.2, 1)}) {
                    Sample s = new Sample(Term.of(y), at, Bindings.of(X, v), Bindings.of(X, Tensor.vector(-0.4, 1)),
                            Tensor.vector(0.3, -0.8), at, Domain.of(X, -3, 3));
                    Report t = TaylorLaw.check(s);
                    assertTrue(t.passed(), () -> name + " at " + at + " along " + v + ": " + t);
                }
            }
        }
    }

    @Test
    void kinksOfTheSlope() {
        neverFlagged("relu", Expr::relu, 0);
        neverFlagged("abs", Expr::abs, 0);
        neverFlagged("relu times exp", x -> x.relu().times(x.exp()), 0);
        neverFlagged("max of x and 1 - x", x -> x.relu().plus(x.negate().plus(1).relu()).sum(), 0);
    }

    @Test
    void kinksOfTheCurvature() {
        neverFlagged("x |x|", x -> x.times(x.abs()), 0);
        neverFlagged("relu squared", x -> x.relu().square(), 0);
    }

    /** At relu's kink, reverse mode's 0 (one of the one-sided derivatives) passes; abs's 0 at 0 lies between. */
    @Test
    void atAKinkADerivativeBetweenTheOneSidedOnesPasses() {
        Report relu = GradCheck.check(Expr::relu, Tensor.vector(0, 1), 1);
        assertTrue(relu.passed() && relu.notJudged().isEmpty(), relu::toString);
        Report abs = GradCheck.check(Expr::abs, Tensor.vector(0, 1), 1);
        assertTrue(abs.passed(), abs::toString);
    }

    /**
     * |x| with a rule of 3 everywhere: wrong at x = 1 (a failure), and at the kink 0 outside both
     * one-sided derivatives, which is not judged, and said so.
     */
    @Test
    void aDerivativeOutsideTheOneSidedOnesIsNotJudgedAndSaidSo() {
        Report wrong = GradCheck.check(x -> io.fluxion.expr.Apply.of(Fixtures.elementwise("absWrong", Math::abs,
                (n, a, t) -> t.times(3), (n, a, g) -> g.times(3)), x), Tensor.vector(0, 1), 1,
                CheckOptions.defaults().withModes(Mode.REVERSE));
        assertTrue(wrong.notJudged().exists(n -> n.contains("a kink within") && n.contains("x[0]")), wrong::toString);
        assertEquals(1, wrong.failures().size(), wrong::toString);
    }

    /** A law that held with comparisons left unjudged says so, with the reason. */
    @Test
    void aLawThatHeldSaysWhatItDidNotJudge() {
        Law<?> taylor = GradientLaws.of(Expr::abs, Domain.box(Shape.vector(2), -0.01, 0.01)).laws()
                .find(l -> l.name().startsWith("Taylor")).get();
        Outcome<?> o = LawRunner.run(taylor, Settings.defaults().withSeed(2));
        Outcome.Held<?> h = org.junit.jupiter.api.Assertions.assertInstanceOf(Outcome.Held.class, o, o::message);
        assertTrue(h.partlyJudged() > 0 && !h.notJudged().isEmpty(), h::message);
        assertTrue(h.message().contains("some comparisons were not judged, such as:\n  not judged: Taylor remainder:")
                && h.message().contains("kink"), h::message);
    }

    /** The first example of a run, which QuickTheories draws from the shrink targets, depends on the seed. */
    @Test
    void theFirstExampleDependsOnTheSeed() {
        java.util.List<Bindings> firsts = new java.util.ArrayList<>();
        Law<Sample> law = Law.of("records", Sample.of(X.sum(), Domain.of(X, -2, 2)), s -> {
            firsts.add(s.point());
            return Report.empty("records");
        });
        for (long seed : new long[] {1, 2, 1}) {
            LawRunner.run(law, Settings.defaults().withSeed(seed).withExamples(1));
        }
        assertEquals(3, firsts.size(), firsts::toString);
        double[] one = firsts.get(0).get(X).get().toArray();
        assertTrue(!java.util.Arrays.equals(one, firsts.get(1).get(X).get().toArray()), firsts::toString);
        assertTrue(java.util.Arrays.equals(one, firsts.get(2).get(X).get().toArray()), firsts::toString);
    }

    /** The middle of a symmetric box, where kinks sit, is not where generation starts. */
    @Test
    void generationDoesNotStartAtTheMiddleOfASymmetricBox() {
        Law<Sample> law = Law.of("points", Sample.of(X.sum(), Domain.of(X, -2, 2)),
                s -> java.util.Arrays.stream(s.point().get(X).get().toArray()).anyMatch(v -> Math.abs(v) < 1e-3)
                        ? Report.problem("points", "a coordinate within 1e-3 of the middle: " + s.point())
                        : Report.empty("points"));
        Outcome<Sample> o = LawRunner.run(law, Settings.defaults().withSeed(5).withExamples(5));
        assertTrue(o.held(), o::message);
    }
}
