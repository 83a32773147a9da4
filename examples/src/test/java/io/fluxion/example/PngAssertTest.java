package io.fluxion.example;

import static io.fluxion.example.PngAssert.assertPlot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PngAssert fails on each way a plot can be wrong, and passes a drawn one. */
class PngAssertTest {
    @TempDir
    Path dir;

    private Path png(String name, BufferedImage image) throws IOException {
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static BufferedImage white(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }

    @Test
    void passesADrawnImageAndCountsItsColours() throws IOException {
        BufferedImage image = white(400, 300);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(10, 10, 100, 50);
        g.setColor(Color.BLUE);
        g.fillRect(200, 100, 20, 20);
        g.dispose();
        BufferedImage read = assertPlot(png("drawn.png", image));
        assertEquals(5000, PngAssert.pixelsNear(read, Color.RED, 0));
        assertEquals(400, PngAssert.pixelsNear(read, Color.BLUE, 10));
    }

    @Test
    void failsAMissingFile() {
        assertThrows(AssertionError.class, () -> assertPlot(dir.resolve("none.png")));
    }

    @Test
    void failsAFileThatIsNotAPng() throws IOException {
        Path text = Files.writeString(dir.resolve("text.png"), "not an image, but long enough to read eight bytes");
        AssertionError e = assertThrows(AssertionError.class, () -> assertPlot(text));
        assertTrue(e.getMessage().contains("not a PNG"), e.getMessage());
        Path jpeg = dir.resolve("photo.png");
        ImageIO.write(white(400, 300), "jpg", jpeg.toFile());
        assertThrows(AssertionError.class, () -> assertPlot(jpeg));
    }

    @Test
    void failsAPngThatDoesNotDecode() throws IOException {
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
        Path broken = Files.write(dir.resolve("broken.png"), header);
        assertThrows(AssertionError.class, () -> assertPlot(broken));
    }

    @Test
    void failsABlankImage() throws IOException {
        AssertionError e = assertThrows(AssertionError.class, () -> assertPlot(png("blank.png", white(800, 500))));
        assertTrue(e.getMessage().contains("blank"), e.getMessage());
        // A lone speck is not a plot either: under 1% of the pixels.
        BufferedImage speck = white(800, 500);
        Graphics2D g = speck.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 20, 20);
        g.setColor(Color.RED);
        g.fillRect(30, 0, 20, 20);
        g.dispose();
        assertThrows(AssertionError.class, () -> assertPlot(png("speck.png", speck)));
    }

    @Test
    void failsATinyOrHugeImage() throws IOException {
        BufferedImage tiny = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        tiny.setRGB(1, 1, Color.RED.getRGB());
        tiny.setRGB(2, 2, Color.BLUE.getRGB());
        AssertionError e = assertThrows(AssertionError.class, () -> assertPlot(png("tiny.png", tiny)));
        assertTrue(e.getMessage().contains("40x40"), e.getMessage());
        BufferedImage strip = new BufferedImage(9000, 120, BufferedImage.TYPE_BYTE_GRAY);
        e = assertThrows(AssertionError.class, () -> assertPlot(png("strip.png", strip)));
        assertTrue(e.getMessage().contains("9000x120"), e.getMessage());
    }
}
