package io.fluxion.law.specimen;

import io.fluxion.law.Law;
import io.fluxion.law.LawRunner;
import io.fluxion.law.Outcome;
import io.fluxion.law.Settings;
import io.vavr.collection.List;

/** Runs a specimen's laws as {@code LawTests} does, keeping each law's outcome. */
final class Verdicts {
    private Verdicts() {}

    /** One law's outcome on a specimen, and how long it took. */
    record Verdict(String law, Outcome<?> outcome, long millis) {
        boolean held() {
            return outcome.held();
        }
    }

    /** Every law of the specimen's suite with the default settings and the given seed. */
    static List<Verdict> of(Specimen s, long seed) {
        return s.laws().laws().map(l -> run(l, Settings.defaults().withSeed(seed)));
    }

    /** The laws until the first that fails (all of them when none does). */
    static List<Verdict> untilFailure(Specimen s, long seed) {
        List<Verdict> out = List.empty();
        for (Law<?> l : s.laws().laws()) {
            Verdict v = run(l, Settings.defaults().withSeed(seed));
            out = out.append(v);
            if (!v.held()) {
                break;
            }
        }
        return out;
    }

    private static <T> Verdict run(Law<T> law, Settings settings) {
        long t0 = System.nanoTime();
        Outcome<T> o = LawRunner.run(law, settings);
        return new Verdict(law.name(), o, (System.nanoTime() - t0) / 1_000_000);
    }
}
