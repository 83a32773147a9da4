package io.fluxion.law.specimen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The goal of the laws, on every specimen through the laws exactly as the README shows a user
 * ({@code GradientLaws.of(f, domain)}, default settings) with the fixed seeds 1 to 5: each wrong
 * rule is caught by some law in at least 4 of the 5 seeds, and no law fails on a right one in any.
 * {@link SpecimenTable} prints the same runs law by law, beside PyTorch's in the README.
 */
class SpecimensTest {
    static final List<Long> SEEDS = List.rangeClosed(1L, 5L);

    @TestFactory
    Stream<DynamicTest> everyWrongRuleIsCaughtInAtLeastFourOfFiveSeeds() {
        return WrongSpecimens.all().toJavaStream().map(s -> DynamicTest.dynamicTest(s.id() + ": " + s.bug(), () -> {
            List<Long> missed = SEEDS.filter(seed -> Verdicts.untilFailure(s, seed).last().held());
            assertTrue(missed.size() <= 1, () -> s.id() + " passed every law with seeds " + missed);
        }));
    }

    @TestFactory
    Stream<DynamicTest> noRightRuleIsFlaggedInAnySeed() {
        return RightSpecimens.all().appendAll(RightSpecimens.more()).toJavaStream()
                .map(s -> DynamicTest.dynamicTest(s.id() + ": " + s.bug(), () -> {
                    for (long seed : SEEDS) {
                        for (Verdicts.Verdict v : Verdicts.of(s, seed)) {
                            assertTrue(v.held(), () -> v.outcome().message());
                        }
                    }
                }));
    }
}
