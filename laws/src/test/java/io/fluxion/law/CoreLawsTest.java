package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The core library's primitives and interpreters, checked through the laws on generated
 * expressions over a scalar, a vector, two matrices and a batch of matrices (and images reshaped
 * from them, for convolutions and pooling): at least 1,000
 * expressions against finite differences up to order 2, a smaller sample at order 3, every
 * gradient law, and every interpreter agreeing on values and gradients. That these runs reach
 * every catalogued primitive is {@link CatalogueCoverageTest}'s concern.
 */
class CoreLawsTest {
    /** The generator of the project's own law runs, shared with the coverage test. */
    static final ExprGen EXPRESSIONS = ExprGen.over(Fixtures.DOMAIN).withImages();
    /** The number of examples of the interpreter law, which the coverage test replays. */
    static final int INTERPRETER_EXAMPLES = 600;

    @TestFactory
    Stream<DynamicTest> gradientLawsOfGeneratedExpressions() {
        return LawTests.of(GradientLaws.of(EXPRESSIONS), Fixtures.settings(300));
    }

    @TestFactory
    Stream<DynamicTest> interpretersAgreeOnGeneratedExpressions() {
        return LawTests.of(InterpreterLaws.of(EXPRESSIONS), Fixtures.settings(INTERPRETER_EXAMPLES));
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
