package io.fluxion.example;

import static io.fluxion.example.PngAssert.assertPlot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxion.example.plot.Dot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tour's look inside S1: the formula, the Wengert list with values and adjoints, the graph. */
class TapeAnatomyTest {
    @TempDir
    static Path plots;
    static TapeAnatomy.Result result;

    @BeforeAll
    static void runOnce() {
        result = TapeAnatomy.run(plots);
    }

    @Test
    void derivativeIsPrintedAsAFormula() {
        assertEquals("2 * x - 2", result.derivative());
    }

    @Test
    void wengertListShowsValuesAndAdjointsAtXEqualsThree() {
        String list = result.wengert();
        // y = x^2 a + b x + c at x = 3, a = 1, b = -2, c = 1: y = 4, dy/dx = 2ax + b = 4,
        // dy/da = x^2 = 9, dy/db = x = 3, dy/dc = 1.
        assertTrue(list.matches("(?s)v0 = input x \\(\\) +value 3 +adjoint 4\n.*"), list);
        assertTrue(list.matches("(?s).*= input a \\(\\) +value 1 +adjoint 9\n.*"), list);
        assertTrue(list.matches("(?s).*= input b \\(\\) +value -2 +adjoint 3\n.*"), list);
        assertTrue(list.matches("(?s).*= input c \\(\\) +value 1 +adjoint 1\n.*"), list);
        assertTrue(list.matches("(?s).*v9 = add v7 v8 +value 4 +adjoint 1\nreturn v9"), list);
        assertTrue(list.matches("(?s).*v1 = const 2 +value 2\n.*"), "a constant has no adjoint: " + list);
    }

    @Test
    void writesTheGraphAsDot() throws IOException {
        assertEquals(plots.resolve(TapeAnatomy.GRAPH + ".dot"), result.dot());
        String dot = Files.readString(result.dot());
        assertTrue(dot.startsWith("digraph"), dot);
        assertTrue(dot.contains("value 4") && dot.contains("adjoint 9"), "values and adjoints on the nodes: " + dot);
        assertEquals(Dot.available(), result.png().isDefined(), "a PNG exactly when dot is available");
    }

    @Test
    void rendersTheGraphWhenDotIsOnThePath() {
        assumeTrue(Dot.available(), "Graphviz's dot is not on the PATH: rendering skipped");
        Path png = result.png().get();
        assertEquals(plots.resolve(TapeAnatomy.GRAPH + ".png"), png);
        assertPlot(png);
    }
}
