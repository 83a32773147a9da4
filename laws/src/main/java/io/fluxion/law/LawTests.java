package io.fluxion.law;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit 5 bridge: one dynamic test per law of a suite, so that checking a function takes one
 * {@code @TestFactory} method. A failure's message carries the seed that reproduces it, the shrunk
 * counterexample and the report of every failed comparison.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> myFunctionObeysTheLaws() {
 *     return LawTests.of(GradientLaws.of(x -> x.sin().times(x).sum(), Domain.box(Shape.vector(3), -2, 2)));
 * }
 * }</pre>
 */
public final class LawTests {
    private LawTests() {}

    /** One test per law, with {@link Settings#defaults()}. */
    public static Stream<DynamicTest> of(Suite suite) {
        return of(suite, Settings.defaults());
    }

    /** One test per law, with the given settings. */
    public static Stream<DynamicTest> of(Suite suite, Settings settings) {
        return suite.laws().toJavaStream().map(law -> DynamicTest.dynamicTest(suite.name() + ": " + law.name(),
                () -> assertHolds(law, settings)));
    }

    /**
     * Runs the law and throws an {@link AssertionFailedError} with the outcome's message if it does
     * not hold; a law that held with comparisons left unjudged (at kinks) says so on standard output.
     */
    public static <T> void assertHolds(Law<T> law, Settings settings) {
        Outcome<T> o = LawRunner.run(law, settings);
        if (!o.held()) {
            throw new AssertionFailedError(o.message());
        }
        if (o instanceof Outcome.Held<T> h && h.partlyJudged() > 0) {
            System.out.println(h.message());
        }
    }
}
