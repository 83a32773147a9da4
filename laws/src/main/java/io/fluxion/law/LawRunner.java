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
 * <p>Shrinking keeps a smaller input only if it fails at least about as clearly as the first one
 * found: with a {@link Report#severity()} (error over error allowed) of at least half the first's
 * (a first failure that is not finite keeps only such ones). So a bug's counterexample never
 * shrinks into one that fails by a hair's breadth ("error 3.6e-10 > allowed 2.0e-10") and hides
 * the size of the bug.
 *
 * <pre>{@code Outcome<Sample> o = LawRunner.run(law, Settings.defaults().withExamples(500));}</pre>
 */
public final class LawRunner {
    private static final int GENERATE_ATTEMPTS = 200;
    /** The least fraction of the first failure's severity a shrunk counterexample keeps. */
    static final double KEEP = 0.5;
    /** How many unjudged comparisons a held law's outcome shows. */
    private static final int SHOWN_NOT_JUDGED = 3;

    private LawRunner() {}

    /**
     * Runs the law with the given settings. The shrink targets of generated points, directions and
     * cotangents, which are also the first example tried, depend on the seed (see {@code Draws}).
     */
    public static <T> Outcome<T> run(Law<T> law, Settings settings) {
        return Draws.during(settings.seed(), () -> runSeeded(law, settings));
    }

    private static <T> Outcome<T> runSeeded(Law<T> law, Settings settings) {
        Capture capture = new Capture();
        Strategy strategy = new Strategy(Configuration.defaultPRNG(settings.seed()), settings.examples(), 0,
                settings.shrinkCycles(), GENERATE_ATTEMPTS, capture, prng -> new NoGuidance());
        Judge<T> judge = new Judge<>(law);
        QuickTheory.qt(() -> strategy).forAll(law.inputs()).check(judge::holds);
        if (capture.falsifications != null) {
            @SuppressWarnings("unchecked")
            List<T> found = (List<T>) capture.falsifications;
            @SuppressWarnings("unchecked")
            T smallest = (T) capture.smallest;
            T first = judge.first != null ? judge.first : found.isEmpty() ? smallest : found.get(found.size() - 1);
            Report firstReport = law.check(first);
            int[] accepted = {Math.max(0, found.size() - 1)};
            T shrunk = shrinkFurther(law, smallest, settings.shrinkCycles(), accepted, judge);
            return new Outcome.Falsified<>(law.name(), settings.seed(), capture.examples, shrunk, first, accepted[0],
                    law.check(shrunk), law.show().apply(shrunk), firstReport, law.show().apply(first));
        }
        if (capture.exhausted) {
            return new Outcome.Exhausted<>(law.name(), settings.seed(), capture.examples);
        }
        return new Outcome.Held<>(law.name(), settings.seed(), settings.examples(), judge.partlyJudged,
                judge.notJudged);
    }

    /**
     * Greedy structural shrinking after QuickTheories': moves to the first smaller candidate that
     * still fails, until none does or {@code budget} candidates have been tried.
     */
    private static <T> T shrinkFurther(Law<T> law, T start, int budget, int[] accepted, Judge<T> judge) {
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
                if (!judge.holds(c)) {
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

    /**
     * The property QuickTheories checks: whether the law holds, except that once a failure is found,
     * a later input counts as failing only if it fails about as clearly (see the class comment).
     */
    private static final class Judge<T> {
        private final Law<T> law;
        T first;
        double required;
        int partlyJudged;
        io.vavr.collection.List<String> notJudged = io.vavr.collection.List.empty();

        Judge(Law<T> law) {
            this.law = law;
        }

        boolean holds(T t) {
            Report r = law.check(t);
            if (r.passed()) {
                if (!r.notJudged().isEmpty() && first == null) {
                    partlyJudged++;
                    notJudged = notJudged.size() < SHOWN_NOT_JUDGED ? notJudged.append(r.notJudged().head()) : notJudged;
                }
                return true;
            }
            if (first == null) {
                first = t;
                required = r.severity() * KEEP;
                return false;
            }
            return !(r.severity() >= required);
        }
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
