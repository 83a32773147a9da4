package io.fluxion.law.specimen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.law.Domain;
import io.fluxion.law.Law;
import io.fluxion.law.LawRunner;
import io.fluxion.law.Outcome;
import io.fluxion.law.Report;
import io.fluxion.law.Sample;
import io.fluxion.law.Settings;
import io.fluxion.law.Term;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Taylor law over a thousand runs (seeds 1 to 1000, 100 examples each): it never fails a
 * right C¹ function, and catches a gradient off by one part in a million in every run, and at
 * almost every single random point of the box.
 */
class TaylorRunsTest {
    private static final int RUNS = 1000;

    private static Specimen specimen(String id) {
        return RightSpecimens.everything().find(s -> s.id().equals(id)).get();
    }

    @SuppressWarnings("unchecked")
    private static Law<Sample> taylor(Specimen s) {
        return (Law<Sample>) s.laws().laws().find(l -> l.name().startsWith("Taylor")).get();
    }

    private static List<Long> failingSeeds(Specimen s) {
        Law<Sample> law = taylor(s);
        return List.rangeClosed(1L, (long) RUNS).filter(seed -> !LawRunner.run(law, Settings.defaults().withSeed(seed)).held());
    }

    /** Softplus (smooth), x |x| and the Huber loss (C¹, with kinks of the curvature). */
    @Test
    void neverFailsARightC1FunctionInAThousandRuns() {
        for (String id : new String[] {"softplus", "x-abs-x", "huber"}) {
            List<Long> failed = failingSeeds(specimen(id));
            assertTrue(failed.isEmpty(), () -> id + " failed with seeds " + failed + ": "
                    + LawRunner.run(taylor(specimen(id)), Settings.defaults().withSeed(failed.head())).message());
        }
    }

    @Test
    void catchesARelativeErrorOfOnePartInAMillionInEveryRun() {
        assertEquals(List.empty(), List.rangeClosed(1L, (long) RUNS).filter(seed -> LawRunner.run(
                taylor(specimen("relative-1e-6")), Settings.defaults().withSeed(seed)).held()));
    }

    /** Each of a thousand random points and directions of the box, judged alone. */
    @Test
    void catchesARelativeErrorOfOnePartInAMillionAtAlmostEveryPoint() {
        Specimen s = specimen("relative-1e-6");
        Law<Sample> law = taylor(s);
        Domain d = s.domain();
        Var x = d.variable();
        SplittableRandom rnd = new SplittableRandom(18);
        int caught = 0;
        for (int i = 0; i < RUNS; i++) {
            Sample sample = new Sample(Term.of(s.function()), Bindings.of(x, uniform(rnd, 0.51, 3.99)),
                    Bindings.of(x, uniform(rnd, -1, 1)), Bindings.of(x, uniform(rnd, -1, 1)), uniform(rnd, -1, 1),
                    Bindings.of(x, uniform(rnd, 0.51, 3.99)), d);
            Report r = law.check(sample);
            caught += r.passed() ? 0 : 1;
        }
        System.out.println("TaylorRunsTest: a relative error of 9.1e-7 caught at " + caught + " of " + RUNS
                + " random points");
        assertTrue(caught >= RUNS * 0.95, () -> "caught at only " + RUNS + " of them");
    }

    private static Tensor uniform(SplittableRandom rnd, double low, double high) {
        return Tensor.vector(low + (high - low) * rnd.nextDouble(), low + (high - low) * rnd.nextDouble(),
                low + (high - low) * rnd.nextDouble());
    }
}
