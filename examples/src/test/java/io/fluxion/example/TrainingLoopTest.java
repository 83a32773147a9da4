package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipe S3: the tape loop against plain Java on the noisy data, against the tutorial's trace on
 * noise-free data, fit against the loop, the checkpoint, and the plots.
 */
class TrainingLoopTest {
    @TempDir
    static Path plots;
    @TempDir
    static Path noiseFree;
    static Capture<TrainingLoop.Result> run;

    @BeforeAll
    static void runRecipeOnce() {
        run = Capture.of(() -> TrainingLoop.run(plots));
    }

    @Test
    void theLoopMatchesGradientDescentInPlainJava() {
        double[][] data = TrainingLoop.data(1.0);
        TrainingLoop.Result r = run.result();
        int n = 201;
        double w = 5;
        double b = 0;
        for (int e = 0; e <= 10; e++) {
            double mse = 0;
            double gw = 0;
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double d = w * data[0][i] + b - data[1][i];
                mse += d * d / n;
                gw += 2 * d * data[0][i] / n;
                gb += 2 * d / n;
            }
            assertEquals(w, r.w().get(e), 1e-12, "W after " + e + " epochs");
            assertEquals(b, r.b().get(e), 1e-12, "b after " + e + " epochs");
            assertEquals(mse, r.loss().get(e), 1e-9, "loss after " + e + " epochs");
            w -= 0.1 * gw;
            b -= 0.1 * gb;
        }
        // The tutorial's initial loss was 10.30 for its noise; ours, for seed 3, is 10.02.
        assertEquals(10.02, r.initialLoss(), 0.005);
    }

    @Test
    void withoutNoiseTheLoopFollowsTheTutorialTrace() {
        double[] traceW = {5.00, 4.46, 4.06, 3.77, 3.56, 3.40, 3.29, 3.21, 3.15, 3.10, 3.07};
        double[] traceB = {0.00, 0.40, 0.72, 0.97, 1.18, 1.34, 1.47, 1.58, 1.66, 1.73, 1.78};
        TrainingLoop.Result r = Capture.of(() -> TrainingLoop.run(noiseFree, 0.0)).result();
        for (int e = 0; e <= 10; e++) {
            assertEquals(traceW[e], r.w().get(e), 0.02, "W after " + e + " epochs");
            assertEquals(traceB[e], r.b().get(e), 0.02, "b after " + e + " epochs");
        }
    }

    @Test
    void fitPrintsTheLossBeforeEachUpdateAndEndsWhereTheLoopEnds() {
        TrainingLoop.Result r = run.result();
        assertEquals(10, r.fitLoss().size());
        for (int e = 0; e < 10; e++) {
            // Keras measures each batch's loss before its update: the loop's loss one epoch earlier.
            assertEquals(r.loss().get(e), r.fitLoss().get(e), 1e-9, "fit's loss of epoch " + (e + 1));
            assertTrue(run.printed().contains(String.format("Epoch %d/10 - loss: %.4f", e + 1, r.fitLoss().get(e))));
        }
        assertEquals(r.w().last(), r.fitted().values().get(0).item(), 1e-12);
        assertEquals(r.b().last(), r.fitted().values().get(1).item(), 1e-12);
    }

    @Test
    void theCheckpointHoldsTheFittedWeights() {
        TrainingLoop.Result r = run.result();
        assertEquals(plots.resolve("my_checkpoint.npz"), r.checkpoint());
        assertTrue(Files.isRegularFile(r.checkpoint()));
        assertEquals(r.fitted(), r.reloaded());
        assertEquals(r.fitted(), Checkpoint.load(r.checkpoint(), r.fitted()), "read again here");
        assertTrue(run.printed().contains("reloaded equal: true"), run.printed());
    }

    @Test
    void printsTheVariablesAndTheTutorialsLines() {
        String printed = run.printed();
        assertTrue(printed.contains("Variables:\n  W ()\n  b ()\n"), printed);
        assertTrue(printed.contains("Starting:\n     W = 5.00, b = 0.00, loss=10.01964\n"), printed);
        assertTrue(printed.contains(String.format("Epoch  9:%n     W = %.2f, b = %.2f, loss=", run.result().w().last(),
                run.result().b().last())), printed);
    }

    @Test
    void writesEveryPromisedPlot() {
        assertEquals(TrainingLoop.PLOTS.map(n -> plots.resolve(n + ".png")), run.result().plots());
        run.result().plots().forEach(p -> {
            PngAssert.assertPlot(p);
            assertTrue(run.printed().contains(p.toAbsolutePath().normalize().toString()), "does not say where " + p + " is");
        });
    }
}
