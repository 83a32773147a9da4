package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.train.CandidateScore;
import io.fluxion.train.Epoch;
import io.vavr.collection.List;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipe S5: the default rate predicts badly, the grid search's refit converts 100 m, early
 * stopping stops by Keras's rule, and the PyTorch-style loop is Adam written out in plain Java.
 */
class MetresToFeetTest {
    @TempDir
    static Path plots;
    static Capture<MetresToFeet.Result> run;

    @BeforeAll
    static void runRecipeOnce() {
        run = Capture.of(() -> MetresToFeet.run(plots));
    }

    @Test
    void aHundredEpochsAtTheDefaultRateAreFarFromTheAnswer() {
        MetresToFeet.Result r = run.result();
        assertEquals(100, r.defaultLosses().size());
        assertTrue(Math.abs(r.defaultRate() - 328.084) > 100, "100 m -> " + r.defaultRate());
        assertTrue(r.defaultLosses().last() > 100, "still a large loss: " + r.defaultLosses().last());
    }

    @Test
    void theGridSearchRefitConvertsAHundredMetres() {
        MetresToFeet.Result r = run.result();
        assertEquals(MetresToFeet.RATES, r.search().scores().map(CandidateScore::candidate));
        assertTrue(r.search().scores().forAll(s -> s.folds().size() == 3));
        assertTrue(r.search().best() >= 0.1, "best rate " + r.search().best());
        // The small rates have not converged in 500 epochs; the large ones fit the exactly linear data.
        assertTrue(r.search().scores().get(0).mean() < -1, r.search().toString());
        assertEquals(328.084, r.refit(), 1.0);
        assertTrue(run.printed().contains(String.format("100 m -> %.4f ft", r.refit())), run.printed());
    }

    @Test
    void earlyStoppingStopsAtTheFirstEpochThatWaitedSevenTimes() {
        List<Epoch> stopped = run.result().stopped();
        assertTrue(stopped.size() < MetresToFeet.MAX_EPOCHS, "never stopped");
        // Keras's rule in plain Java: an epoch improves when its loss is below the best by more than 1e-4.
        double best = Double.POSITIVE_INFINITY;
        int wait = 0;
        int stopAt = -1;
        for (Epoch e : stopped) {
            if (e.loss() < best - 1e-4) {
                best = e.loss();
                wait = 0;
            } else if (++wait >= 7) {
                stopAt = e.epoch();
                break;
            }
        }
        assertEquals(stopped.last().epoch(), stopAt);
        assertEquals(328.084, run.result().stoppedPrediction(), 1.0);
        assertTrue(run.printed().contains("stopped after epoch " + stopAt), run.printed());
    }

    @Test
    void theLoopByHandIsAdamInPlainJava() {
        double lr = 0.1;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double w = MetresToFeet.neuron().params().values().get(0).item();
        double b = 0;
        double mw = 0;
        double vw = 0;
        double mb = 0;
        double vb = 0;
        int t = 0;
        for (int epoch = 0; epoch < 100; epoch++) {
            for (int i = 0; i < 7; i++) {
                double d = w * MetresToFeet.METRES[i] + b - MetresToFeet.FEET[i];
                double gw = 2 * d * MetresToFeet.METRES[i];
                double gb = 2 * d;
                t++;
                mw = b1 * mw + (1 - b1) * gw;
                vw = b2 * vw + (1 - b2) * gw * gw;
                mb = b1 * mb + (1 - b1) * gb;
                vb = b2 * vb + (1 - b2) * gb * gb;
                double c1 = 1 - Math.pow(b1, t);
                double c2 = Math.sqrt(1 - Math.pow(b2, t));
                w -= lr * (mw / c1) / (Math.sqrt(vw) / c2 + eps);
                b -= lr * (mb / c1) / (Math.sqrt(vb) / c2 + eps);
            }
        }
        List<Double> byHand = run.result().byHand().params().values().map(v -> v.item());
        assertEquals(w, byHand.get(0), 1e-9);
        assertEquals(b, byHand.get(1), 1e-9);
        assertEquals(100 * w + b, run.result().byHandPrediction(), 1e-6);
        assertEquals(328.084, run.result().byHandPrediction(), 1.0);
    }

    @Test
    void writesEveryPromisedPlot() {
        assertEquals(MetresToFeet.PLOTS.map(n -> plots.resolve(n + ".png")), run.result().plots());
        run.result().plots().forEach(p -> {
            PngAssert.assertPlot(p);
            assertTrue(run.printed().contains(p.toAbsolutePath().normalize().toString()), "does not say where " + p + " is");
        });
    }
}
