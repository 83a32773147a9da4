package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.op.Catalogue;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.collection.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every primitive of the core's {@link Catalogue} is generated: the generator has a production
 * for it (or a documented rule by which it appears in derivatives), and the project's own CI law
 * run, replayed here with the same generator, seed and number of examples, produced it in an
 * expression, its derivatives or their compiled programs. A primitive added to the catalogue
 * without a production fails here, by name.
 */
class CatalogueCoverageTest {
    /** Everything the generator can build, values-only operations included. */
    private static final ExprGen ALL = CoreLawsTest.EXPRESSIONS.withNonDifferentiable();

    /** The primitives of the CI interpreter-law run, computed once for the tests that read them. */
    private static Set<String> seen;
    /** The primitives of the CI run's expressions with the ranks of their arguments. */
    private static Set<String> signatures;

    @Test
    void everyCataloguedPrimitiveHasAProduction() {
        List<String> missing = Coverage.withoutProduction(Catalogue.all(), ALL, Coverage.THROUGH_DERIVATIVES);
        assertTrue(missing.isEmpty(), () -> missing.mkString("\n"));
    }

    @Test
    void theCiRunProducesEveryCataloguedPrimitive() {
        Settings ci = Fixtures.settings(CoreLawsTest.INTERPRETER_EXAMPLES);
        List<String> missing = Coverage.unseen(Catalogue.all(), ciRun(), "the CI interpreter-law run ("
                + ci.examples() + " examples, seed " + ci.seed() + ")");
        assertTrue(missing.isEmpty(), () -> missing.mkString("\n"));
    }

    /**
     * Rank 3 is reached: batched products of both kinds and with vectors, gathers from batches (a
     * rank-2 index into a matrix makes one), reductions, transposes, pads and joins of batches.
     */
    @Test
    void theCiRunReachesRankThree() {
        ciRun();
        for (String s : List.of("matmul(3, 2)", "matmul(3, 3)", "matmul(2, 3)", "matmul(1, 3)", "matmul(3, 1)",
                "take(3, 0)", "take(3, 1)", "take(2, 2)", "sum(3)", "max(3)", "min(3)", "logSumExp(3)",
                "transpose(3)", "softmaxCrossEntropy(3, 3)", "pad(3)", "concat(3, 3)")) {
            assertTrue(signatures.contains(s), () -> s + " never generated; generated " + signatures.mkString(", "));
        }
    }

    @Test
    void derivativeRulesNameRealProductionsAndPrimitives() {
        List<String> names = Catalogue.all().map(Catalogue.Entry::name);
        for (Coverage.Reached r : Coverage.THROUGH_DERIVATIVES) {
            assertTrue(names.contains(r.primitive()), r::toString);
            assertTrue(ALL.operations().contains(r.production()), r::toString);
        }
    }

    /** The checks fail, naming the primitive, for a catalogue entry the generator knows nothing of. */
    @Test
    void aPrimitiveWithoutProductionIsNamed() {
        List<Catalogue.Entry> extended = Catalogue.all().append(new Catalogue.Special("fakeSpecial", true))
                .append(new Catalogue.Unary("fakeUnary", Expr::sin, Catalogue.Domain.REAL, 1, false));
        List<String> missing = Coverage.withoutProduction(extended, ALL, Coverage.THROUGH_DERIVATIVES);
        assertEquals(2, missing.size(), missing::toString);
        assertTrue(missing.get(0).startsWith("fakeSpecial: no production"), missing::toString);
        assertTrue(missing.get(1).startsWith("fakeUnary: no production"), missing::toString);
        List<String> unseen = Coverage.unseen(extended, ciRun(), "the CI run");
        assertEquals(List.of("fakeSpecial: never produced by the CI run", "fakeUnary: never produced by the CI run"),
                unseen);
    }

    /** A derivative rule counts only when its production is in the generator. */
    @Test
    void aDerivativeRuleNeedsItsProduction() {
        ExprGen noTake = ALL.only(ALL.operations().remove("take").toJavaArray(String[]::new));
        List<String> missing = Coverage.withoutProduction(Catalogue.all(), noTake, Coverage.THROUGH_DERIVATIVES);
        assertEquals(List.of("take", "scatterAdd"), missing.map(m -> m.substring(0, m.indexOf(':'))), missing::toString);
    }

    /** A run of a generator without take produces neither take nor its VJP, and the check names both. */
    @Test
    void aPrimitiveARunNeverProducesIsNamed() {
        ExprGen noTake = ALL.only(ALL.operations().remove("take").toJavaArray(String[]::new));
        List<String> unseen = Coverage.unseen(Catalogue.all(), collect(noTake), "a run without take");
        assertEquals(List.of("take: never produced by a run without take",
                "scatterAdd: never produced by a run without take"), unseen);
    }

    /**
     * Replays the interpreter law of {@link CoreLawsTest}: the same samples (generator, seed and
     * number of examples), collecting the primitives of each expression, its derivatives and their
     * compiled programs.
     */
    private static synchronized Set<String> ciRun() {
        if (seen == null) {
            java.util.Set<String> ranks = new java.util.TreeSet<>();
            seen = collect(ALL, ranks);
            signatures = TreeSet.ofAll(ranks);
        }
        return seen;
    }

    private static Set<String> collect(ExprGen gen) {
        return collect(gen, new java.util.TreeSet<>());
    }

    /**
     * The primitives of the interpreter law's samples drawn from a generator, with the CI settings;
     * the signatures of the expressions' primitives go into {@code ranks}.
     */
    private static Set<String> collect(ExprGen gen, java.util.Set<String> ranks) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        Law<Sample> collect = Law.of("collect the primitives", Sample.of(gen.anyShape(), gen.domain()), s -> {
            names.addAll(Coverage.primitivesOf(s).toJavaSet());
            ranks.addAll(Coverage.signaturesOf(s.expr()).toJavaSet());
            return Report.empty("collected");
        });
        LawTests.assertHolds(collect, Fixtures.settings(CoreLawsTest.INTERPRETER_EXAMPLES));
        return TreeSet.ofAll(names);
    }
}
