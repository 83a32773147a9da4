package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.example.plot.Plots;
import io.vavr.collection.List;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tour runs every recipe in order under its header, into the folder the property names; S4
 * is pointed at an empty MNIST folder, so that it says how to get the files and the tour goes on
 * (MnistSoftmaxTest runs S4 itself when the files are there). It runs as {@code ./mvnw -Ptour}
 * runs it, a JVM of its own with the profile's flags, so that what a fresh JVM prints on its own
 * account (the JDK's warnings, the log lines of libraries) is seen: nothing but the tour.
 */
class TourTest {
    @TempDir
    Path plots;
    @TempDir
    Path noMnist;
    @TempDir
    Path logs;

    @Test
    void runsTheRecipesInOrderAndPlotsWhereThePropertySays() throws IOException, InterruptedException {
        Path out = logs.resolve("tour.out");
        Path err = logs.resolve("tour.err");
        java.util.List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("fluxion.jvm.flags", "").trim().split("\\s+")));
        command.addAll(java.util.List.of("-Djava.awt.headless=true", "-D" + Plots.PROPERTY + "=" + plots,
                "-D" + MnistFiles.PROPERTY + "=" + noMnist, "-cp", System.getProperty("java.class.path"),
                Tour.class.getName()));
        command.removeIf(String::isEmpty);
        Process tour = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = tour.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            tour.destroyForcibly();
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        assertTrue(ended, "the tour did not end within 10 minutes:\n" + printed + errors);
        assertEquals(0, tour.exitValue(), printed + errors);
        assertEquals("", errors, "the tour writes nothing to standard error: no JDK warning, no log line");
        assertTrue(printed.startsWith("Fluxion examples tour (BLAS: "), printed);
        assertEquals(List.empty(), List.of(printed.split("\n"))
                .filter(line -> line.startsWith("WARNING") || line.startsWith("INFO") || line.contains("netlib")));
        int at = -1;
        for (Tour.Recipe r : Tour.RECIPES) {
            int next = printed.indexOf("\n== " + r.header() + " ==\n");
            assertTrue(next > at, () -> "header missing or out of order: " + r.header() + "\n" + printed);
            at = next;
        }
        assertTrue(printed.startsWith("== S1. Gradient tape on a quadratic ==", printed.indexOf("== ")));
        assertTrue(printed.contains("MNIST is not in " + noMnist.toAbsolutePath().normalize()), printed);
        assertTrue(printed.contains("S4 skipped.\n\n== " + MetresToFeet.TITLE + " =="), "the tour goes on after S4");
        assertTrue(printed.contains("S6 skipped.\n\n== Checking"), "the tour goes on after S6");
        assertTrue(printed.contains("Plots and graphs are in " + plots.toAbsolutePath().normalize()), printed);
        try (Stream<Path> files = Files.list(plots)) {
            Set<String> names = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
            QuadraticTape.PLOTS.appendAll(LinearRegression.PLOTS).appendAll(TrainingLoop.PLOTS).appendAll(MetresToFeet.PLOTS)
                    .forEach(n -> assertTrue(names.contains(n + ".png"), () -> n + " missing: " + names));
            assertTrue(names.contains(TrainingLoop.CHECKPOINT), names::toString);
            MnistSoftmax.PLOTS.appendAll(MnistCnn.PLOTS)
                    .forEach(n -> assertTrue(!names.contains(n + ".png"), () -> n + " drawn without MNIST"));
            assertTrue(names.contains(TapeAnatomy.GRAPH + ".dot"), names::toString);
        }
        assertEquals(List.of("S1.", "Inside", "S2.", "S3.", "S4.", "S5.", "S6.", "Checking"),
                Tour.RECIPES.map(r -> r.header().split(" ")[0]), "S1-S6 in order, the looks inside beside theirs");
    }
}
