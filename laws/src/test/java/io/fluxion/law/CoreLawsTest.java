package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.interp.Graph;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The core library's primitives and interpreters, checked through the laws on generated
 * expressions over a scalar, a vector and two matrices: at least 1,000 expressions against
 * finite differences up to order 2, a smaller sample at order 3, every gradient law, and every
 * interpreter agreeing on values and gradients.
 */
class CoreLawsTest {
    private static final ExprGen EXPRESSIONS = ExprGen.over(Fixtures.DOMAIN);

    @TestFactory
    Stream<DynamicTest> gradientLawsOfGeneratedExpressions() {
        return LawTests.of(GradientLaws.of(EXPRESSIONS), Fixtures.settings(300));
    }

    @TestFactory
    Stream<DynamicTest> interpretersAgreeOnGeneratedExpressions() {
        return LawTests.of(InterpreterLaws.of(EXPRESSIONS), Fixtures.settings(600));
    }

    @Test
    void thousandExpressionsMatchFiniteDifferencesToOrderTwo() {
        assertTrue(checkedExamples(GradientLaws.gradCheck(Sample.of(EXPRESSIONS.scalars(), Fixtures.DOMAIN), 2,
                CheckOptions.defaults()), 1000) >= 1000);
    }

    @Test
    void smallerSampleMatchesFiniteDifferencesToOrderThree() {
        ExprGen shallow = EXPRESSIONS.withMaxDepth(3);
        assertTrue(checkedExamples(GradientLaws.gradCheck(Sample.of(shallow.scalars(), Fixtures.DOMAIN), 3,
                CheckOptions.defaults().withDirections(1)), 100) >= 100);
    }

    @Test
    void theGeneratorReachesEveryPrimitive() {
        ExprGen all = EXPRESSIONS.withNonDifferentiable();
        java.util.Set<String> names = new java.util.HashSet<>();
        Law<Term> collect = Law.of("collect the primitives", all.anyShape(), t -> {
            for (Expr n : Graph.topologicalOrder(List.of(t.expr()))) {
                if (n instanceof Apply a) {
                    names.add(a.op().name());
                }
            }
            return Report.empty("collected");
        });
        LawTests.assertHolds(collect, Fixtures.settings(3000));
        Set<String> seen = HashSet.ofAll(names);
        Set<String> expected = HashSet.of("add", "sub", "mul", "div", "neg", "pow", "square", "abs", "exp", "log",
                "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "softmax", "logSoftmax", "matmul", "transpose", "sum",
                "mean", "max", "argmax", "sumTo", "broadcastTo", "reshape", "slice", "concat", "where",
                "stopGradient", "eq", "gt", "lt");
        assertTrue(seen.containsAll(expected), () -> "never generated: " + expected.removeAll(seen));
    }

    /** Runs the law and returns how many examples were checked, failing with the outcome's message if it fails. */
    static <T> int checkedExamples(Law<T> law, int examples) {
        AtomicInteger count = new AtomicInteger();
        Law<T> counted = new Law<>(law.name(), law.inputs(), t -> {
            count.incrementAndGet();
            return law.property().apply(t);
        }, law.show(), law.shrink());
        LawTests.assertHolds(counted, Fixtures.settings(examples));
        return count.get();
    }
}
