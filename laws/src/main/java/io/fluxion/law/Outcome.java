package io.fluxion.law;

/**
 * What running a law gave: it held on every example, it was falsified (with the shrunk
 * counterexample, the one first found, and the report of the shrunk one), or too few examples
 * could be generated. Every outcome carries the seed that reproduces it.
 *
 * @param <T> the type of the law's inputs
 */
public sealed interface Outcome<T> {

    /** The law's name. */
    String law();

    /** The seed the examples were drawn from. */
    long seed();

    /** How many examples were tried. */
    int examples();

    /** Whether the law held. */
    boolean held();

    /** A message for a test report, with the seed and how to reproduce. */
    String message();

    /**
     * The law held on every example; at some of them, some comparisons may have been deliberately
     * left unjudged (a derivative at a kink of the function), which the message says.
     *
     * @param law the law's name
     * @param seed the seed
     * @param examples the examples tried
     * @param partlyJudged how many examples had comparisons left unjudged
     * @param notJudged the first few of those comparisons, and why
     * @param <T> the type of the law's inputs
     */
    record Held<T>(String law, long seed, int examples, int partlyJudged, io.vavr.collection.List<String> notJudged)
            implements Outcome<T> {
        @Override
        public boolean held() {
            return true;
        }

        @Override
        public String message() {
            String head = "law '" + law + "' held on " + examples + " examples (seed " + seed + ")";
            if (partlyJudged == 0) {
                return head;
            }
            return head + "; at " + partlyJudged + " of them some comparisons were not judged, such as:"
                    + notJudged.map(n -> "\n  not judged: " + n).mkString();
        }
    }

    /**
     * The law failed; the counterexample is shrunk from the one first found, and shrinking kept
     * only counterexamples that fail about as clearly as the first (see {@link LawRunner}). The
     * message shows both, each with its report.
     *
     * @param law the law's name
     * @param seed the seed
     * @param examples the examples tried before the failure
     * @param counterexample the smallest failing input found by shrinking
     * @param firstFound the failing input first found
     * @param shrinks how many successively smaller failing inputs shrinking found
     * @param report the law's report on the counterexample
     * @param shown the counterexample as text
     * @param firstReport the law's report on the failing input first found
     * @param firstShown the failing input first found, as text
     * @param <T> the type of the law's inputs
     */
    record Falsified<T>(String law, long seed, int examples, T counterexample, T firstFound, int shrinks,
            Report report, String shown, Report firstReport, String firstShown) implements Outcome<T> {
        @Override
        public boolean held() {
            return false;
        }

        @Override
        public String message() {
            String head = "law '" + law + "' failed after " + examples + " examples (seed " + seed
                    + "; reproduce with -D" + Settings.SEED_PROPERTY + "=" + seed + ")\n"
                    + "counterexample" + (shrinks > 0 ? " (shrunk " + shrinks + " times)" : "") + ":\n  "
                    + shown.replace("\n", "\n  ") + "\n" + report;
            if (shown.equals(firstShown)) {
                return head;
            }
            return head + "\nfirst failing example, before shrinking:\n  " + firstShown.replace("\n", "\n  ") + "\n"
                    + firstReport;
        }
    }

    /**
     * Too few inputs satisfying the generator's conditions (such as guards) could be drawn.
     *
     * @param law the law's name
     * @param seed the seed
     * @param examples the examples tried
     * @param <T> the type of the law's inputs
     */
    record Exhausted<T>(String law, long seed, int examples) implements Outcome<T> {
        @Override
        public boolean held() {
            return false;
        }

        @Override
        public String message() {
            return "law '" + law + "': could only generate " + examples + " examples satisfying the generator's "
                    + "conditions (seed " + seed + "; reproduce with -D" + Settings.SEED_PROPERTY + "=" + seed + ")";
        }
    }
}
