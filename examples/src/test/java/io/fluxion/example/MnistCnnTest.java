package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxion.data.Mnist;
import io.vavr.control.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipe S6 on the tour's short schedule, small enough for every build (one epoch on the first
 * 6,000 training images, 94 steps, tested on all 10,000), when the MNIST files are where the README puts them; without
 * them, the message that says how to get them.
 */
class MnistCnnTest {
    /**
     * Measured: 0.8785 after one epoch on 6,000 images (94 steps of 64). The run is deterministic;
     * the margin allows for changes in summation order, not for a regression.
     */
    private static final double ACCURACY_BOUND = 0.86;

    @TempDir
    Path plots;

    @Test
    void oneEpochOnASubsetLearnsAndPlots() {
        Option<Path> dir = MnistSoftmaxTest.mnistDir();
        assumeTrue(dir.isDefined(), MnistSoftmaxTest::notFound);
        Mnist mnist = Mnist.load(dir.get());
        Capture<MnistCnn.Result> run = Capture.of(() -> MnistCnn.run(plots, mnist, MnistCnn.Schedule.SHORT));
        MnistCnn.Result r = run.result();
        String printed = run.printed();
        assertEquals(1, r.history().size());
        assertTrue(r.history().head().loss() < 2.3, "the mean loss of the epoch fell below log 10: " + r.history());
        assertTrue(r.accuracy() >= ACCURACY_BOUND, "test accuracy " + r.accuracy());
        assertTrue(printed.contains(String.format("Test accuracy after 1 epoch on 6000 images: %.4f", r.accuracy())),
                printed);
        assertEquals(MnistCnn.PLOTS.map(n -> plots.resolve(n + ".png")), r.plots());
        r.plots().forEach(p -> assertTrue(Files.isRegularFile(p), p::toString));
    }

    @Test
    void withoutMnistItSaysWhereToGetIt(@TempDir Path empty) {
        Capture<Option<MnistCnn.Result>> run = Capture.of(() -> MnistCnn.run(plots, empty,
                MnistCnn.Schedule.SHORT));
        assertTrue(run.result().isEmpty());
        assertTrue(run.printed().contains("recipe S6 needs the four files"), run.printed());
        assertTrue(run.printed().contains("S6 skipped."), run.printed());
    }
}
