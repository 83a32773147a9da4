package io.fluxion.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** Each schedule's values at a few steps, against its formula worked out by hand. */
class ScheduleTest {
    private static final double TOL = 1e-15;

    @Test
    void constantNeverChanges() {
        Schedule s = Schedule.constant(0.3);
        assertEquals(0.3, s.at(0));
        assertEquals(0.3, s.at(1_000_000));
    }

    @Test
    void stepMultipliesByGammaEveryStepSizeSteps() {
        Schedule s = Schedule.step(0.1, 3, 0.5); // PyTorch StepLR(step_size=3, gamma=0.5)
        assertEquals(0.1, s.at(0), TOL);
        assertEquals(0.1, s.at(2), TOL);
        assertEquals(0.05, s.at(3), TOL);
        assertEquals(0.05, s.at(5), TOL);
        assertEquals(0.025, s.at(6), TOL);
        assertEquals(0.0125, s.at(9), TOL);
    }

    @Test
    void exponentialMultipliesByGammaEveryStep() {
        Schedule s = Schedule.exponential(2.0, 0.5);
        assertEquals(2.0, s.at(0), TOL);
        assertEquals(1.0, s.at(1), TOL);
        assertEquals(0.0625, s.at(5), TOL);
    }

    @Test
    void cosineFallsToAlphaTimesTheRateAndStays() {
        Schedule s = Schedule.cosine(1.0, 10, 0.1);
        assertEquals(1.0, s.at(0), TOL);
        // halfway, cos(pi/2) = 0: (1 - 0.1) * 0.5 + 0.1
        assertEquals(0.55, s.at(5), TOL);
        // cos(pi/5) = (1 + sqrt 5) / 4
        assertEquals(0.9 * 0.5 * (1 + (1 + Math.sqrt(5)) / 4) + 0.1, s.at(2), TOL);
        assertEquals(0.1, s.at(10), TOL);
        assertEquals(0.1, s.at(50), TOL);
        assertEquals(0.0, Schedule.cosine(3.0, 4, 0).at(4), TOL);
    }

    @Test
    void warmupRisesLinearlyThenFollowsTheNextScheduleFromItsStart() {
        Schedule s = Schedule.warmup(0, 4, Schedule.exponential(1.0, 0.5));
        assertEquals(0.0, s.at(0), TOL);
        assertEquals(0.25, s.at(1), TOL);
        assertEquals(0.75, s.at(3), TOL);
        assertEquals(1.0, s.at(4), TOL);
        assertEquals(0.25, s.at(6), TOL);
        assertEquals(0.6, Schedule.warmup(0.2, 2, Schedule.constant(1.0)).at(1), TOL);
        assertEquals(0.5, Schedule.warmup(0.2, 0, Schedule.constant(0.5)).at(0), TOL);
    }

    @Test
    void warmupCosineIsOptaxsWarmupCosineDecay() {
        // optax.warmup_cosine_decay_schedule(0, 1, warmup_steps=10, decay_steps=110, end_value=0.1)
        Schedule s = Schedule.warmupCosine(0, 1.0, 10, 110, 0.1);
        assertEquals(0.0, s.at(0), TOL);
        assertEquals(0.5, s.at(5), TOL);
        assertEquals(1.0, s.at(10), TOL);
        assertEquals(0.55, s.at(60), TOL);
        assertEquals(0.1, s.at(110), TOL);
        assertEquals(0.1, s.at(500), TOL);
    }

    @Test
    void schedulesSurviveSerialization() throws Exception {
        Schedule s = Schedule.warmup(0.01, 3, Schedule.cosine(0.5, 7, 0.2));
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Schedule back = (Schedule) in.readObject();
            for (long step = 0; step < 12; step++) {
                assertEquals(s.at(step), back.at(step));
            }
        }
    }
}
