package io.fluxion.example.plot;

import io.fluxion.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grid of small greyscale images with a label under each, as the TensorFlow classification
 * tutorials draw them with {@code plt.imshow(image, cmap=plt.cm.binary)}: 0 white, the largest
 * value black, each image scaled to its own range as {@code imshow} does. Images come as the rows
 * of an (n, side·side) tensor (flattened MNIST digits are (n, 784)) or as an (n, side, side) one.
 */
public final class ImageGrid {
    static {
        Plots.headless();
    }

    /** Screen pixels per image pixel: a 28-pixel digit becomes 112 pixels, room for its label. */
    static final int SCALE = 4;
    static final int GAP = 10;
    static final int LABEL = 18;
    static final int TITLE = 34;
    /** matplotlib's colours for right and wrong predictions in the tutorials' grids. */
    static final Color RIGHT = new Color(0, 0, 255);
    static final Color WRONG = new Color(255, 0, 0);

    private ImageGrid() {}

    /** One labelled cell. */
    private record Cell(double[] pixels, String label, Color colour) {}

    /**
     * Predictions on images, labelled {@code true 7 / pred 2}: red where they differ, blue where
     * they agree (give it the misclassified rows only for a grid of mistakes).
     */
    public static Path predictions(Path folder, String name, String title, Tensor images, int[] truth,
            int[] predicted, int columns) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("image grid: " + truth.length + " true labels but " + predicted.length
                    + " predictions");
        }
        List<String> labels = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            labels.add("true " + truth[i] + " / pred " + predicted[i]);
            colours.add(truth[i] == predicted[i] ? RIGHT : WRONG);
        }
        return save(folder, name, title, images, labels, colours, columns);
    }

    /** Images with black labels. */
    public static Path save(Path folder, String name, String title, Tensor images, List<String> labels, int columns) {
        return save(folder, name, title, images, labels, labels.stream().map(l -> Color.BLACK).toList(), columns);
    }

    private static Path save(Path folder, String name, String title, Tensor images, List<String> labels,
            List<Color> colours, int columns) {
        BufferedImage image = draw(title, images, labels, colours, columns);
        Path file = Plots.file(folder, name, ".png");
        try {
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("this JDK has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the image grid " + file, e);
        }
        return Plots.written(file);
    }

    /** The grid as an image, for a caller that wants to do more than save it. */
    static BufferedImage draw(String title, Tensor images, List<String> labels, List<Color> colours, int columns) {
        int[] d = images.shape().dims();
        int n = d.length > 0 ? d[0] : 0;
        int pixels = d.length == 2 ? d[1] : d.length == 3 ? d[1] * d[2] : -1;
        int side = (int) Math.round(Math.sqrt(Math.max(pixels, 0)));
        if (n == 0 || side * side != pixels || (d.length == 3 && d[1] != d[2])) {
            throw new IllegalArgumentException("image grid: expected (n, side*side) or (n, side, side) square images, got shape "
                    + images.shape());
        }
        if (labels.size() != n) {
            throw new IllegalArgumentException("image grid: " + n + " images but " + labels.size() + " labels");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("image grid: columns must be positive, got " + columns);
        }
        double[] all = images.toArray();
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] px = new double[pixels];
            System.arraycopy(all, i * pixels, px, 0, pixels);
            cells.add(new Cell(px, labels.get(i), colours.get(i)));
        }
        return render(title, cells, side, columns);
    }

    private static BufferedImage render(String title, List<Cell> cells, int side, int columns) {
        int cols = Math.min(columns, cells.size());
        int rows = (cells.size() + cols - 1) / cols;
        int cell = side * SCALE;
        int width = Math.max(cols * (cell + GAP) + GAP, 320);
        int height = TITLE + rows * (cell + LABEL + GAP) + GAP;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            centred(g, title, width / 2, TITLE - 12);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int k = 0; k < cells.size(); k++) {
                int x0 = GAP + (k % cols) * (cell + GAP);
                int y0 = TITLE + (k / cols) * (cell + LABEL + GAP);
                Cell c = cells.get(k);
                paint(g, c.pixels, side, x0, y0);
                g.setColor(Color.LIGHT_GRAY);
                g.drawRect(x0 - 1, y0 - 1, cell + 1, cell + 1);
                g.setColor(c.colour);
                centred(g, c.label, x0 + cell / 2, y0 + cell + LABEL - 4);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** One image, scaled to its own range and drawn with 0 white and the maximum black. */
    private static void paint(Graphics2D g, double[] px, int side, int x0, int y0) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : px) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double range = hi > lo ? hi - lo : 1;
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                double v = px[r * side + c];
                // A constant image (or a NaN pixel) is drawn white rather than failing the whole grid.
                double t = Double.isFinite(v) && hi > lo ? (v - lo) / range : 0;
                int grey = (int) Math.round(255 * (1 - t));
                g.setColor(new Color(grey, grey, grey));
                g.fillRect(x0 + c * SCALE, y0 + r * SCALE, SCALE, SCALE);
            }
        }
    }

    private static void centred(Graphics2D g, String text, int cx, int baseline) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, cx - m.stringWidth(text) / 2, baseline);
    }
}
