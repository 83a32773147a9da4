package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.example.plot.Plots;
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

/** The tour runs every recipe in order under its header, into the folder the property names. */
class TourTest {
    @TempDir
    Path plots;

    @Test
    void runsTheRecipesInOrderAndPlotsWhereThePropertySays() throws IOException {
        PrintStream out = System.out;
        String before = System.getProperty(Plots.PROPERTY);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        System.setProperty(Plots.PROPERTY, plots.toString());
        try {
            Tour.main(new String[0]);
        } finally {
            System.setOut(out);
            if (before == null) {
                System.clearProperty(Plots.PROPERTY);
            } else {
                System.setProperty(Plots.PROPERTY, before);
            }
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        int at = -1;
        for (Tour.Recipe r : Tour.RECIPES) {
            int next = printed.indexOf("\n== " + r.header() + " ==\n");
            assertTrue(next > at, () -> "header missing or out of order: " + r.header() + "\n" + printed);
            at = next;
        }
        assertTrue(printed.startsWith("== S1. Gradient tape on a quadratic ==", printed.indexOf("== ")));
        assertTrue(printed.contains("Plots and graphs are in " + plots.toAbsolutePath().normalize()), printed);
        try (Stream<Path> files = Files.list(plots)) {
            Set<String> names = files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
            QuadraticTape.PLOTS.forEach(n -> assertTrue(names.contains(n + ".png"), () -> n + " missing: " + names));
            assertTrue(names.contains(TapeAnatomy.GRAPH + ".dot"), names::toString);
        }
        assertEquals(3, Tour.RECIPES.size(), "update this test's expectations when recipes S2-S5 arrive");
    }
}
