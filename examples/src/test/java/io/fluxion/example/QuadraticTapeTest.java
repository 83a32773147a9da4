package io.fluxion.example;

import static io.fluxion.example.PngAssert.assertPlot;
import static io.fluxion.example.PngAssert.pixelsNear;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipe S1: the tutorial's numbers, its printed lines, and the plots it promises. */
class QuadraticTapeTest {
    @TempDir
    static Path plots;
    static QuadraticTape.Result result;
    static String printed;

    @BeforeAll
    static void runRecipeOnce() {
        PrintStream out = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            result = QuadraticTape.run(plots);
        } finally {
            System.setOut(out);
        }
        printed = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
    }

    @Test
    void derivativesAreTheTutorials() {
        assertEquals(1.0, result.y0(), 0.0);
        assertEquals(-2.0, result.dydx(), 0.0);
        assertEquals(List.of(0.0, 0.0, 1.0), result.abc());
        assertEquals(2.0, result.d2ydx2(), 0.0);
        assertEquals(List.of(-2.0, 1.0), result.f0());
        assertEquals(List.of(0.0, 0.0), result.f1());
    }

    @Test
    void everySgdStyleReachesTheClosedForm() {
        double exact = 1 - Math.pow(0.98, 1000);
        assertEquals(4, result.sgd().size());
        result.sgd().forEach(x -> assertEquals(exact, x, 1e-9));
    }

    @Test
    void printsWhatTheTutorialPrints() {
        for (String line : new String[] {"y(0) = 1, dy/dx = -2", "dy/da = 0.0, dy/db = 0.0, dy/dc = 1.0",
                "d2y/dx2 (nested gradients) = 2.0", "  f(0) -> (-2.0, 1.0)", "  f(1) -> (0.0, 0.0)",
                "  compiled loop (fold) x = 0.999999998, y = 0.000000000"}) {
            assertTrue(printed.contains(line), () -> "missing line: " + line);
        }
        result.plots().forEach(p -> assertTrue(printed.contains(p.toAbsolutePath().normalize().toString()),
                () -> "does not say where it wrote " + p));
    }

    @Test
    void writesEveryPromisedPlotAndNothingElse() throws IOException {
        assertEquals(QuadraticTape.PLOTS.map(n -> plots.resolve(n + ".png")), result.plots());
        try (Stream<Path> files = Files.list(plots)) {
            assertEquals(QuadraticTape.PLOTS.map(n -> n + ".png").toSet(),
                    List.ofAll(files.map(f -> f.getFileName().toString()).toList()).toSet());
        }
        result.plots().forEach(PngAssert::assertPlot);
    }

    @Test
    void plotsDrawTheirSeries() {
        // Counts well above what a legend's sample alone draws (some 20-50 pixels of a colour) and
        // about half of what the series draw: the derivatives in b-, r-- and g:, the SGD steps as
        // ro markers on the curve, the distance as bo markers beside an r-- line.
        BufferedImage derivatives = assertPlot(result.plots().get(0));
        assertTrue(pixelsNear(derivatives, Color.BLUE, 40) > 500, "no curve of y");
        assertTrue(pixelsNear(derivatives, Color.RED, 40) > 400, "no line of dy/dx");
        assertTrue(pixelsNear(derivatives, new Color(0, 128, 0), 40) > 80, "no line of d2y/dx2");
        BufferedImage path = assertPlot(result.plots().get(1));
        assertTrue(pixelsNear(path, Color.RED, 40) > 150, "no SGD markers on the curve");
        BufferedImage distance = assertPlot(result.plots().get(2));
        assertTrue(pixelsNear(distance, Color.BLUE, 40) > 500, "no distance markers");
        assertTrue(pixelsNear(distance, Color.RED, 40) > 150, "no closed form line");
    }
}
