package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipe S4 (float64, as the tutorial) loads MNIST and trains in a JVM of 512 MB, run as a
 * program of its own on its short schedule, when the MNIST files are present (see
 * {@link MnistSoftmaxTest}); skipped otherwise. MNIST's pixels are 47 MB of bytes; as doubles they
 * took 376 MB, and loading them needed 800 MB.
 */
class MnistSoftmaxMemoryTest {

    @TempDir
    Path dir;

    @Test
    void theShortScheduleRunsInHalfAGigabyte() throws Exception {
        Option<Path> mnist = MnistSoftmaxTest.mnistDir();
        assumeTrue(mnist.isDefined(), MnistSoftmaxTest::notFound);
        Path log = dir.resolve("s4.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .appendAll(List.of(System.getProperty("fluxion.jvm.flags", "").split("\\s+")).filter(f -> !f.isBlank()))
                .appendAll(List.of("-Xmx512m", "-Djava.awt.headless=true", "-Dfluxion.plots=" + dir.resolve("plots"),
                "-cp", System.getProperty("java.class.path"), MnistSoftmax.class.getName(), mnist.get().toString()));
        Process p = new ProcessBuilder(command.asJava()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(600, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println("S4 in -Xmx512m:\n" + output);
        assertTrue(ended, "S4 did not end within 10 minutes: " + output);
        assertFalse(output.contains("OutOfMemoryError"), output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("MNIST from " + mnist.get().toAbsolutePath().normalize() + ": 60000 training and 10000 test images"),
                output);
        assertTrue(output.contains("Optimization Finished! Test accuracy after 3 epochs: "), output);
        assertTrue(output.contains("Eager test accuracy after 100 batches of 1 epoch: "), output);
    }
}
