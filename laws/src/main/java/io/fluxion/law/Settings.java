package io.fluxion.law;

/**
 * How many examples a law is tried on, the seed they are drawn from, and how hard a failure is
 * shrunk. The defaults take the seed from the system property {@value #SEED_PROPERTY} when it is
 * set (so a failure reported with seed S reproduces with {@code -Dfluxion.laws.seed=S}) and
 * otherwise draw one per run, so each run tries new examples.
 *
 * <pre>{@code Settings.defaults().withExamples(1000)}</pre>
 *
 * @param seed the seed of QuickTheories' random source
 * @param examples how many examples to try, at least 1
 * @param shrinkCycles how many shrinking attempts to make on a failure
 */
public record Settings(long seed, int examples, int shrinkCycles) {

    /** The system property that fixes the seed. */
    public static final String SEED_PROPERTY = "fluxion.laws.seed";

    private static final long RUN_SEED = System.nanoTime();

    /** Checks the counts. */
    public Settings {
        if (examples < 1) {
            throw new IllegalArgumentException("examples must be at least 1, got " + examples);
        }
        if (shrinkCycles < 0) {
            throw new IllegalArgumentException("shrinkCycles must be at least 0, got " + shrinkCycles);
        }
    }

    /** 100 examples, 500 shrinking attempts, the seed from {@value #SEED_PROPERTY} or one for this run. */
    public static Settings defaults() {
        String s = System.getProperty(SEED_PROPERTY, "").trim();
        long seed;
        try {
            seed = s.isEmpty() ? RUN_SEED : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + " must be a whole number, got '" + s + "'", e);
        }
        return new Settings(seed, 100, 500);
    }

    /** These settings with another seed. */
    public Settings withSeed(long s) {
        return new Settings(s, examples, shrinkCycles);
    }

    /** These settings with another number of examples. */
    public Settings withExamples(int n) {
        return new Settings(seed, n, shrinkCycles);
    }

    /** These settings with another number of shrinking attempts. */
    public Settings withShrinkCycles(int n) {
        return new Settings(seed, examples, n);
    }
}
