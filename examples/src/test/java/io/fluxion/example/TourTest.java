package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.example.plot.Plots;
import io.vavr.collection.List;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tour runs every recipe in order under its header, into the folder the property names; S4
 * is pointed at an empty MNIST folder, so that it says how to get the files and the tour goes on
 * (MnistSoftmaxTest runs S4 itself when the files are there).
 */
class TourTest {
    @TempDir
    Path plots;
    @TempDir
    Path noMnist;

    @Test
    void runsTheRecipesInOrderAndPlotsWhereThePropertySays() throws IOException {
        PrintStream out = System.out;
        String before = System.getProperty(Plots.PROPERTY);
        String mnistBefore = System.getProperty(MnistFiles.PROPERTY);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        System.setProperty(Plots.PROPERTY, plots.toString());
        System.setProperty(MnistFiles.PROPERTY, noMnist.toString());
        try {
            Tour.main(new String[0]);
        } finally {
            System.setOut(out);
            restore(Plots.PROPERTY, before);
            restore(MnistFiles.PROPERTY, mnistBefore);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        int at = -1;
        for (Tour.Recipe r : Tour.RECIPES) {
            int next = printed.indexOf("\n== " + r.header() + " ==\n");
            assertTrue(next > at, () -> "header missing or out of order: " + r.header() + "\n" + printed);
            at = next;
        }
        assertTrue(printed.startsWith("== S1. Gradient tape on a quadratic ==", printed.indexOf("== ")));
        assertTrue(printed.contains("MNIST is not in " + noMnist.toAbsolutePath().normalize()), printed);
        assertTrue(printed.contains("S4 skipped.\n\n== " + MetresToFeet.TITLE + " =="), "the tour goes on after S4");
        assertTrue(printed.contains("Plots and graphs are in " + plots.toAbsolutePath().normalize()), printed);
        try (Stream<Path> files = Files.list(plots)) {
            Set<String> names = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
            QuadraticTape.PLOTS.appendAll(LinearRegression.PLOTS).appendAll(TrainingLoop.PLOTS).appendAll(MetresToFeet.PLOTS)
                    .forEach(n -> assertTrue(names.contains(n + ".png"), () -> n + " missing: " + names));
            assertTrue(names.contains(TrainingLoop.CHECKPOINT), names::toString);
            MnistSoftmax.PLOTS.forEach(n -> assertTrue(!names.contains(n + ".png"), () -> n + " drawn without MNIST"));
            assertTrue(names.contains(TapeAnatomy.GRAPH + ".dot"), names::toString);
        }
        assertEquals(List.of("S1.", "Inside", "S2.", "S3.", "S4.", "S5.", "Checking"),
                Tour.RECIPES.map(r -> r.header().split(" ")[0]), "S1-S5 in order, the looks inside beside theirs");
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
