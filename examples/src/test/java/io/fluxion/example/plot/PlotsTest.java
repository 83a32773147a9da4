package io.fluxion.example.plot;

import static io.fluxion.example.PngAssert.assertPlot;
import static io.fluxion.example.PngAssert.pixelsNear;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The plots folder, matplotlib format strings, and charts that draw what they were given. */
class PlotsTest {
    @TempDir
    Path dir;

    @Test
    void folderIsThePropertyOrExamplesTargetPlots() throws IOException {
        assertEquals(Path.of("/tmp/somewhere"), Plots.folder(" /tmp/somewhere ", dir));
        // From the repository root (an IDE) and from examples/ (Maven) alike.
        Files.createDirectories(dir.resolve("examples"));
        Files.writeString(dir.resolve("examples/pom.xml"), "<project/>");
        assertEquals(dir.resolve("examples/target/plots"), Plots.folder(null, dir));
        assertEquals(dir.resolve("examples/target/plots"), Plots.folder("", dir));
        assertEquals(dir.resolve("examples/target/plots"), Plots.folder(null, dir.resolve("examples")));
    }

    @Test
    void plotNamesArePlainFileNames() {
        for (String bad : new String[] {"", " ", "a/b", "..\\up", ".hidden"}) {
            assertThrows(IllegalArgumentException.class, () -> Plots.file(dir, bad, ".png"), bad);
        }
        assertEquals(dir.resolve("sub/fit.png"), Plots.file(dir.resolve("sub"), "fit", ".png"));
        assertTrue(Files.isDirectory(dir.resolve("sub")), "the folder is created");
    }

    @Test
    void formatStringsReadAsInMatplotlib() {
        Style dashedRed = Style.parse("r--");
        assertEquals(new Color(255, 0, 0), dashedRed.color());
        assertEquals(Style.DASHED, dashedRed.line());
        assertEquals(SeriesMarkers.NONE, dashedRed.marker());
        Style blueDots = Style.parse("bo");
        assertEquals(SeriesMarkers.CIRCLE, blueDots.marker());
        assertFalse(blueDots.hasLine(), "a marker alone draws no line");
        assertEquals(Style.DOTTED, Style.parse(":k").line());
        assertEquals(Style.DASH_DOT, Style.parse("g^-.").line());
        assertEquals(SeriesMarkers.TRIANGLE_UP, Style.parse("g^-.").marker());
        Style plain = Style.parse("");
        assertNull(plain.color());
        assertEquals(SeriesLines.SOLID, plain.line());
        assertEquals(SeriesLines.SOLID, Style.parse("o-").line());
        assertThrows(IllegalArgumentException.class, () -> Style.parse("q"));
        assertThrows(IllegalArgumentException.class, () -> Style.parse("rb"));
        assertThrows(IllegalArgumentException.class, () -> Style.parse("--:"));
    }

    @Test
    void headlessAndSavesAChartThatShowsItsSeries() {
        double[] x = {0, 1, 2, 3, 4};
        Path plain = Figure.of("Data", "x", "y").scatter("data", x, new double[] {0, 1, 4, 9, 16}).save(dir, "plain");
        Path fitted = Figure.of("Data and fit", "x", "y").scatter("data", x, new double[] {0, 1, 4, 9, 16})
                .plot("fit", x, new double[] {0, 1, 4, 9, 16}, "r--").save(dir, "fitted");
        assertTrue(GraphicsEnvironment.isHeadless(), "charts are drawn headless");
        assertEquals(dir.resolve("fitted.png"), fitted);
        // The red dashed line is there when asked for, and only then: the check can fail.
        assertTrue(pixelsNear(assertPlot(fitted), Color.RED, 40) > 300, "no red dashed line");
        assertEquals(0, pixelsNear(assertPlot(plain), Color.RED, 40));
    }

    @Test
    void aLogarithmicAxisSpansWholeDecadesLabelledInOneNotation() {
        Figure f = Figure.perEpoch("Loss", "MSE").logY()
                .epochs("slow", new double[] {520, 510, 498.57}, "b-")
                .epochs("fast", new double[] {380, 0.3, 7e-6}, "r-");
        assertPlot(f.save(dir, "decades"));
        // 498.57 to 520 would end at the frame with no tick above 100; 7e-6 just above the lowest.
        assertEquals(1e3, f.chart().getStyler().getYAxisMax(), 1e-9);
        assertEquals(1e-6, f.chart().getStyler().getYAxisMin(), 1e-21);
        assertEquals("0E0", f.chart().getStyler().getYAxisDecimalPattern());
        Figure linear = Figure.of("Linear", "x", "y").plot("y", new double[] {1, 2}, new double[] {3, 520});
        linear.save(dir, "linear");
        assertEquals(null, linear.chart().getStyler().getYAxisMax(), "a linear axis keeps XChart's range");
    }

    @Test
    void perEpochCurvesAndLogScale() {
        double[] loss = {1.0, 0.5, 0.3, 0.2, 0.15};
        double[] val = {1.1, 0.7, 0.5, 0.45, 0.44};
        Path file = Figure.perEpoch("Training and validation loss", "Loss").epochs("Training loss", loss, "bo")
                .epochs("Validation loss", val, "b").logY().save(dir, "loss");
        assertTrue(pixelsNear(assertPlot(file), Color.BLUE, 40) > 300, "no blue curves");
        assertEquals(dir.resolve("line.png"), Plots.line(dir, "line", "A line", "x", "y", new double[] {0, 1},
                new double[] {1, 2}));
        assertPlot(dir.resolve("line.png"));
        assertThrows(IllegalArgumentException.class,
                () -> Figure.of("t", "x", "y").plot("bad", new double[] {1, 2}, new double[] {1}));
    }
}
