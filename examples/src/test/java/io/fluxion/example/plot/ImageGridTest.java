package io.fluxion.example.plot;

import static io.fluxion.example.PngAssert.assertPlot;
import static io.fluxion.example.PngAssert.near;
import static io.fluxion.example.PngAssert.pixelsNear;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image grid on synthetic 28×28 digits, flattened as MNIST's (n, 784) rows. */
class ImageGridTest {
    @TempDir
    Path dir;

    /** A "1" (a vertical bar in columns 13-14, rows 4-23), a "0" (a ring) or a "7" (a bar and a diagonal). */
    static double[] digit(int d) {
        double[] px = new double[784];
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                double ring = Math.hypot(r - 13.5, c - 13.5);
                boolean ink = switch (d) {
                    case 1 -> r >= 4 && r <= 23 && (c == 13 || c == 14);
                    case 0 -> ring >= 7 && ring <= 10;
                    default -> (r == 5 && c >= 7 && c <= 21) || (r > 5 && r <= 23 && Math.abs(c - (21 - (r - 5) / 2)) <= 1);
                };
                px[r * 28 + c] = ink ? 1.0 : 0.0;
            }
        }
        return px;
    }

    static Tensor digits(int... ds) {
        double[] all = new double[ds.length * 784];
        for (int i = 0; i < ds.length; i++) {
            System.arraycopy(digit(ds[i]), 0, all, i * 784, 784);
        }
        return Tensor.of(Shape.of(ds.length, 784), all);
    }

    @Test
    void drawsMisclassifiedDigitsWithTrueAndPredictedLabels() {
        int[] truth = {1, 0, 7, 1, 0, 7};
        int[] predicted = {7, 6, 1, 1, 0, 7};
        Path file = ImageGrid.predictions(dir, "mistakes", "Predictions (red: wrong)", digits(truth), truth, predicted, 3);
        assertEquals(dir.resolve("mistakes.png"), file);
        BufferedImage image = assertPlot(file);
        int cell = 28 * ImageGrid.SCALE;
        assertEquals(3 * (cell + ImageGrid.GAP) + ImageGrid.GAP, image.getWidth());
        assertEquals(ImageGrid.TITLE + 2 * (cell + ImageGrid.LABEL + ImageGrid.GAP) + ImageGrid.GAP, image.getHeight());
        // Cell 0 is the "1": black on its bar, white beside it; cell 1 (the "0") is white at its centre.
        int x0 = ImageGrid.GAP;
        int y0 = ImageGrid.TITLE;
        assertTrue(near(image.getRGB(x0 + 13 * ImageGrid.SCALE + 1, y0 + 10 * ImageGrid.SCALE), Color.BLACK, 0));
        assertTrue(near(image.getRGB(x0 + 5 * ImageGrid.SCALE, y0 + 10 * ImageGrid.SCALE), Color.WHITE, 0));
        int x1 = x0 + cell + ImageGrid.GAP;
        assertTrue(near(image.getRGB(x1 + 14 * ImageGrid.SCALE, y0 + 14 * ImageGrid.SCALE), Color.WHITE, 0));
        assertTrue(near(image.getRGB(x1 + 14 * ImageGrid.SCALE, y0 + 5 * ImageGrid.SCALE), Color.BLACK, 0));
        // Three wrong labels in red, three right ones in blue.
        assertTrue(pixelsNear(image, ImageGrid.WRONG, 60) > 100, "no red labels");
        assertTrue(pixelsNear(image, ImageGrid.RIGHT, 60) > 100, "no blue labels");
    }

    @Test
    void eachImageIsScaledToItsOwnRangeAsImshowDoes() {
        Tensor unit = digits(7, 0);
        Tensor bytes = unit.times(255);
        List<String> labels = List.of("7", "0");
        List<Color> black = List.of(Color.BLACK, Color.BLACK);
        BufferedImage a = ImageGrid.draw("t", unit, labels, black, 2);
        BufferedImage b = ImageGrid.draw("t", bytes.reshape(2, 28, 28), labels, black, 2);
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                assertEquals(a.getRGB(x, y), b.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        assertPlot(ImageGrid.save(dir, "plain", "Two digits", unit, labels, 1));
    }

    @Test
    void refusesShapesThatAreNotSquareImagesAndMiscountedLabels() {
        Tensor notSquare = Tensor.zeros(Shape.of(2, 783));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.save(dir, "g", "t", notSquare, List.of("a", "b"), 2));
        Tensor vector = Tensor.zeros(Shape.of(784));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.save(dir, "g", "t", vector, List.of("a"), 2));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.save(dir, "g", "t", digits(1, 0), List.of("a"), 2));
        assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.predictions(dir, "g", "t", digits(1, 0), new int[] {1, 0}, new int[] {1}, 2));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.save(dir, "g", "t", digits(1), List.of("a"), 0));
    }
}
