package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Reverse;
import io.fluxion.law.Grammar.Built;
import io.fluxion.op.Catalogue;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The generator's families: every catalogued element-wise function generated on its own stays
 * finite and bounded with a finite gradient; a catalogue entry whose declared domain is wrong is
 * caught by name; rank-3 shapes get batched products, takes and reductions; and the hook for
 * functions of square matrices builds well-conditioned arguments.
 */
class GeneratorFamiliesTest {
    private static final ExprGen EXPRESSIONS = ExprGen.over(Fixtures.DOMAIN);

    @Test
    void everyCataloguedFunctionAloneIsFiniteAndBoundedWithAFiniteGradient() {
        for (Catalogue.Unary u : Catalogue.unary()) {
            Gen<Object[]> cases = EXPRESSIONS.only(u.name()).anyShape()
                    .zip(Fixtures.DOMAIN.points(), (t, p) -> new Object[] {t, p});
            Law<Object[]> law = new Law<>(u.name() + " alone", cases, c -> {
                Term t = (Term) c[0];
                Bindings at = (Bindings) c[1];
                if (!t.smoothAt(at)) {
                    return Report.empty("kink");
                }
                Expr y = t.expr().shape().isScalar() ? t.expr() : t.expr().sum();
                List<Tensor> vs = Evaluate.evaluate(Reverse.gradients(y, Fixtures.DOMAIN.variables())
                        .prepend(t.expr()), at);
                double value = Points.maxAbs(vs.head());
                boolean finite = vs.forAll(v -> Points.finite(v.toArray()));
                return finite && value <= Grammar.LIMIT ? Report.empty("bounded")
                        : Report.problem("bounded", "value " + value + ", finite " + finite);
            }, c -> c[0] + "\n  at " + Sample.show((Bindings) c[1]), c -> io.vavr.collection.Stream.empty());
            LawTests.assertHolds(law, Fixtures.settings(100));
        }
    }

    @Test
    void theBoundOfACataloguedFunctionComesFromItsValues() {
        Catalogue.Unary exp = Catalogue.unary().find(u -> u.name().equals("exp")).get();
        double b = ElementwiseProductions.bound(exp, -2, 2);
        assertTrue(b >= Math.exp(2) && b <= 1.06 * Math.exp(2), () -> "bound " + b);
        Catalogue.Unary sin = Catalogue.unary().find(u -> u.name().equals("sin")).get();
        double s = ElementwiseProductions.bound(sin, -50, 50);
        assertTrue(s >= 1 && s <= 1.06, () -> "bound " + s);
    }

    @Test
    void aCatalogueEntryWithAWrongDomainIsNamed() {
        Catalogue.Unary wrong = new Catalogue.Unary("logWithoutDomain", Expr::log, Catalogue.Domain.REAL, 1, false);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ElementwiseProductions.bound(wrong, -1, 1));
        assertTrue(e.getMessage().contains("logWithoutDomain") && e.getMessage().contains("REAL"), e::getMessage);
    }

    @Test
    void aBatchOfMatricesGetsBatchedProductsTakesAndReductions() {
        Grammar g = EXPRESSIONS.grammar();
        Shape t = Fixtures.T.shape();
        List<io.vavr.Tuple2<Shape, Shape>> products = LinalgProductions.products(g, t);
        assertTrue(products.contains(io.vavr.Tuple.of(t, Shape.matrix(2, 2))), products::toString);
        assertTrue(products.contains(io.vavr.Tuple.of(t, Shape.of(2, 2, 2))), products::toString);
        assertTrue(LinalgProductions.products(g, Shape.of(2, 2, 2)).contains(
                io.vavr.Tuple.of(Shape.of(2, 2, 3), Shape.matrix(3, 2))));
        assertTrue(ReductionProductions.reductions(g, Shape.vector(3)).contains(io.vavr.Tuple.of(t, List.of(0, 2))));
        assertTrue(StructureProductions.takes(g, t).exists(x -> x._1.equals(t) && x._3.equals(Shape.vector(3))));
        assertTrue(LinalgProductions.permutations(g, Shape.of(2, 2, 3)).exists(p -> p._1.equals(t)
                && java.util.Arrays.equals(p._2, new int[] {0, 2, 1})));
    }

    /** A made-up square-matrix function (M·M) through the hook the linear-algebra primitives will use. */
    @Test
    void squareMatrixFunctionsGetWellConditionedArguments() {
        Grammar.Production squared = LinalgProductions.squareMatrices("squared", s -> s,
                (m, c) -> new Built(m.expr().matmul(m.expr()), c.high() * c.high(), m.guards()));
        Grammar g = new Grammar(Fixtures.DOMAIN, List.of(squared));
        assertTrue(squared.applies(g, Shape.matrix(2, 2)) && squared.applies(g, Shape.of(2, 2, 2)));
        assertFalse(squared.applies(g, Shape.matrix(2, 3)));
        Gen<LinalgProductions.Conditioned> conditioned = src ->
                LinalgProductions.conditioned(EXPRESSIONS.grammar(), src, Shape.of(2, 2, 2), 3);
        Gen<Object[]> cases = conditioned.zip(Fixtures.DOMAIN.points(), (c, p) -> new Object[] {c, p});
        Law<Object[]> law = new Law<>("singular values in [low, high]", cases, c -> {
            LinalgProductions.Conditioned m = (LinalgProductions.Conditioned) c[0];
            double[] v = Evaluate.evaluate(m.built().expr(), (Bindings) c[1]).toArray();
            for (int b = 0; b < 2; b++) {
                double p = v[4 * b];
                double q = v[4 * b + 1];
                double r = v[4 * b + 2];
                double s = v[4 * b + 3];
                // The singular values of a 2×2 matrix from its Frobenius norm and determinant.
                double f = p * p + q * q + r * r + s * s;
                double det = p * s - q * r;
                double root = Math.sqrt(Math.max(0, f * f - 4 * det * det));
                double low = Math.sqrt((f - root) / 2);
                double high = Math.sqrt((f + root) / 2);
                if (det <= 0 || low < m.low() - 1e-9 || high > m.high() + 1e-9) {
                    return Report.problem("conditioned", "det " + det + ", singular values " + low + ", " + high
                            + " outside [" + m.low() + ", " + m.high() + "]");
                }
            }
            return Report.empty("conditioned");
        }, c -> c[0] + "\n  at " + Sample.show((Bindings) c[1]), c -> io.vavr.collection.Stream.empty());
        LawTests.assertHolds(law, Fixtures.settings(300));
        Gen<Term> terms = src -> {
            Built b = g.root(src, Shape.of(2, 2, 2), 2);
            return new Term(b.expr(), b.guards());
        };
        Law<Term> shape = Law.of("squared builds M·M of its shape", terms,
                x -> x.expr().shape().equals(Shape.of(2, 2, 2)) && x.toString().contains("matmul")
                        ? Report.empty("shape") : Report.problem("shape", x.toString()));
        LawTests.assertHolds(shape, Fixtures.settings(50));
    }
}
