package io.fluxion.law.specimen;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * The README's comparison table: for each specimen, in how many of the seeds 1 to 5 the laws
     * flagged it (the first figure of its third column), so that the table says what the build measures.
     */
    private static final java.util.Map<String, Integer> README = readme();

    private static java.util.Map<String, Integer> readme() {
        java.util.Map<String, Integer> flagged = new java.util.HashMap<>();
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\| `([a-z0-9-]+)` \\|.*?\\| (\\d) \\(");
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("..", "README.md"))) {
                java.util.regex.Matcher m = row.matcher(line);
                if (m.find()) {
                    flagged.put(m.group(1), Integer.parseInt(m.group(2)));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return flagged;
    }

    @TestFactory
    Stream<DynamicTest> everyWrongRuleIsCaughtInAtLeastFourOfFiveSeeds() {
        return WrongSpecimens.all().toJavaStream().map(s -> DynamicTest.dynamicTest(s.id() + ": " + s.bug(), () -> {
            List<Long> missed = SEEDS.filter(seed -> Verdicts.untilFailure(s, seed).last().held());
            assertTrue(missed.size() <= 1, () -> s.id() + " passed every law with seeds " + missed);
            assertEquals(README.get(s.id()), SEEDS.size() - missed.size(), "the README's table, row " + s.id());
        }));
    }

    @TestFactory
    Stream<DynamicTest> noRightRuleIsFlaggedInAnySeed() {
        return RightSpecimens.all().appendAll(RightSpecimens.more()).toJavaStream()
                .map(s -> DynamicTest.dynamicTest(s.id() + ": " + s.bug(), () -> {
                    assertTrue(RightSpecimens.more().exists(r -> r.id().equals(s.id())) || Integer.valueOf(0).equals(README.get(s.id())),
                            () -> "the README's table, row " + s.id() + ": " + README.get(s.id()));
                    for (long seed : SEEDS) {
                        for (Verdicts.Verdict v : Verdicts.of(s, seed)) {
                            assertTrue(v.held(), () -> v.outcome().message());
                        }
                    }
                }));
    }
}
