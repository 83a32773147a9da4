package io.fluxion.law;

import java.util.List;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.NoGuidance;
import org.quicktheories.core.Reporter;
import org.quicktheories.core.Strategy;

/**
 * Runs a {@link Law} with QuickTheories: draws inputs from the law's generator, checks each, and
 * on a failure shrinks it and returns an {@link Outcome} (it never throws for a failed law).
 *
 * <pre>{@code Outcome<Sample> o = LawRunner.run(law, Settings.defaults().withExamples(500));}</pre>
 */
public final class LawRunner {
    private static final int GENERATE_ATTEMPTS = 200;

    private LawRunner() {}

    /** Runs the law with the given settings. */
    public static <T> Outcome<T> run(Law<T> law, Settings settings) {
        Capture capture = new Capture();
        Strategy strategy = new Strategy(Configuration.defaultPRNG(settings.seed()), settings.examples(), 0,
                settings.shrinkCycles(), GENERATE_ATTEMPTS, capture, prng -> new NoGuidance());
        QuickTheory.qt(() -> strategy).forAll(law.inputs()).check(t -> law.check(t).passed());
        if (capture.falsifications != null) {
            @SuppressWarnings("unchecked")
            List<T> found = (List<T>) capture.falsifications;
            @SuppressWarnings("unchecked")
            T smallest = (T) capture.smallest;
            T first = found.isEmpty() ? smallest : found.get(found.size() - 1);
            int[] accepted = {Math.max(0, found.size() - 1)};
            T shrunk = shrinkFurther(law, smallest, settings.shrinkCycles(), accepted);
            return new Outcome.Falsified<>(law.name(), settings.seed(), capture.examples, shrunk, first, accepted[0],
                    law.check(shrunk), law.show().apply(shrunk));
        }
        if (capture.exhausted) {
            return new Outcome.Exhausted<>(law.name(), settings.seed(), capture.examples);
        }
        return new Outcome.Held<>(law.name(), settings.seed(), settings.examples());
    }

    /**
     * Greedy structural shrinking after QuickTheories': moves to the first smaller candidate that
     * still fails, until none does or {@code budget} candidates have been tried.
     */
    private static <T> T shrinkFurther(Law<T> law, T start, int budget, int[] accepted) {
        T current = start;
        int tried = 0;
        boolean progress = true;
        while (progress && tried < budget) {
            progress = false;
            java.util.Iterator<T> candidates;
            try {
                candidates = law.shrink().apply(current).iterator();
            } catch (RuntimeException e) {
                return current;
            }
            while (tried < budget && nextOrStop(candidates)) {
                T c = candidates.next();
                tried++;
                if (!law.check(c).passed()) {
                    current = c;
                    accepted[0]++;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    /** Whether there is another candidate; a candidate that cannot even be built ends the search. */
    private static boolean nextOrStop(java.util.Iterator<?> it) {
        try {
            return it.hasNext();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs the law with {@link Settings#defaults()}. */
    public static <T> Outcome<T> run(Law<T> law) {
        return run(law, Settings.defaults());
    }

    /** Keeps what QuickTheories reports instead of throwing it. */
    private static final class Capture implements Reporter {
        Object smallest;
        List<Object> falsifications;
        int examples;
        boolean exhausted;

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause,
                List<Object> falsifications, AsString<Object> toString) {
            falisification(seed, examplesUsed, smallest, falsifications, toString);
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, List<Object> falsifications,
                AsString<Object> toString) {
            this.examples = examplesUsed;
            this.smallest = smallest;
            this.falsifications = falsifications;
        }

        @Override
        public void valuesExhausted(int examplesUsed) {
            this.examples = examplesUsed;
            this.exhausted = true;
        }
    }
}
