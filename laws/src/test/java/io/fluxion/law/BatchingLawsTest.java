package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.op.Op;
import io.fluxion.tensor.DType;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * vmap on generated expressions over every primitive the generator makes (products of every
 * kind, gathers, reductions, softmax, linear algebra, comparisons, stop-gradient), mapped over
 * every variable or one: equal to the loop over examples in values, gradients, per-example
 * gradients and their gradients, in float64 and float32; and a wrong batching rule is caught.
 */
class BatchingLawsTest {
    @TestFactory
    Stream<DynamicTest> vmapMatchesTheLoopOnGeneratedExpressions() {
        return LawTests.of(BatchingLaws.of(CoreLawsTest.EXPRESSIONS), Fixtures.settings(250));
    }

    @Test
    void vmapMatchesTheLoopInFloat32() {
        ExprGen g = CoreLawsTest.EXPRESSIONS.withNonDifferentiable();
        LawTests.assertHolds(BatchingLaws.vmapMatchesLoop(Sample.of(g.anyShape(), g.domain()), DType.FLOAT32,
                Tolerance.finiteDifferences(DType.FLOAT32)), Fixtures.settings(100));
    }

    /** twice(x) = 2x, whose batching rule reverses the examples. */
    private static final Op TWICE_REVERSED = Op.of("twice", io.fluxion.expr.Notation.call("twice"), s -> s.head(),
                    (in, out) -> io.fluxion.tensor.internal.Kernels.map(in[0], v -> 2 * v, out), (node, arg, t) -> t.times(2),
                    (node, arg, ct) -> ct.times(2))
            .withBatchRule((node, b) -> {
                Expr x = b.arg(0);
                int n = b.size();
                Expr reversed = x.slice(0, n - 1, n);
                for (int e = n - 2; e >= 0; e--) {
                    reversed = io.fluxion.op.Structure.concat(0, io.vavr.collection.List.of(reversed, x.slice(0, e, e + 1)));
                }
                return reversed.times(2);
            });

    @Test
    void aWrongBatchingRuleIsCaught() {
        ExprGen gen = ExprGen.over(Fixtures.DOMAIN).withUnary("twice", x -> Fixtures.apply(TWICE_REVERSED, x), b -> 2 * b);
        Outcome<Sample> o = LawRunner.run(BatchingLaws.vmapMatchesLoop(Sample.of(gen.anyShape(), Fixtures.DOMAIN),
                DType.FLOAT64, Tolerance.identities()), Settings.defaults().withSeed(16L).withExamples(200));
        Outcome.Falsified<Sample> f = assertInstanceOf(Outcome.Falsified.class, o, o::message);
        assertTrue(f.counterexample().function().toString().contains("twice"), f::message);
    }
}
