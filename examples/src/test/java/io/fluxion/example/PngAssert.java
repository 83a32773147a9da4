package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Assertions on the PNG files the examples write: that a plot exists, is a PNG that decodes, has
 * a sensible size and shows something, and which colours it contains.
 */
public final class PngAssert {
    /** The eight bytes every PNG starts with. */
    private static final byte[] MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static final int MIN_SIDE = 100;
    static final int MAX_SIDE = 8000;
    /** A drawn plot has at least this many colours (anti-aliasing alone gives dozens). */
    static final int MIN_COLOURS = 3;
    /** ... and at least this fraction of its pixels differ from its background (its commonest colour). */
    static final double MIN_INK = 0.01;

    private PngAssert() {}

    /** Fails unless the file is a decodable, reasonably sized, non-blank PNG; returns the image. */
    public static BufferedImage assertPlot(Path file) {
        assertTrue(Files.isRegularFile(file), () -> "no plot at " + file);
        byte[] head = new byte[MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            assertTrue(n == MAGIC.length && Arrays.equals(head, MAGIC), () -> file + " is not a PNG (magic bytes "
                    + Arrays.toString(head) + ")");
        } catch (IOException e) {
            fail("could not read " + file, e);
        }
        BufferedImage image = null;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            fail(file + " does not decode as an image", e);
        }
        assertNotNull(image, () -> file + " does not decode as an image");
        int w = image.getWidth();
        int h = image.getHeight();
        assertTrue(w >= MIN_SIDE && h >= MIN_SIDE && w <= MAX_SIDE && h <= MAX_SIDE,
                () -> file + " is " + w + "x" + h + ", outside " + MIN_SIDE + ".." + MAX_SIDE + " a side");
        Map<Integer, Integer> counts = colours(image);
        int background = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        double ink = 1 - background / (double) (w * h);
        assertTrue(counts.size() >= MIN_COLOURS && ink >= MIN_INK, () -> file + " looks blank: " + counts.size()
                + " colours, " + String.format("%.2f%%", 100 * ink) + " of pixels off the background");
        return image;
    }

    /** The number of pixels within {@code tolerance} of a colour in each of red, green and blue. */
    public static int pixelsNear(BufferedImage image, Color colour, int tolerance) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (near(image.getRGB(x, y), colour, tolerance)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Whether one pixel is within {@code tolerance} of a colour in each channel. */
    public static boolean near(int rgb, Color colour, int tolerance) {
        Color c = new Color(rgb);
        return Math.abs(c.getRed() - colour.getRed()) <= tolerance
                && Math.abs(c.getGreen() - colour.getGreen()) <= tolerance
                && Math.abs(c.getBlue() - colour.getBlue()) <= tolerance;
    }

    private static Map<Integer, Integer> colours(BufferedImage image) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                counts.merge(image.getRGB(x, y), 1, Integer::sum);
            }
        }
        return counts;
    }
}
