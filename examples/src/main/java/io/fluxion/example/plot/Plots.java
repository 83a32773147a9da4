package io.fluxion.example.plot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * Where the examples' plots go, and how a chart becomes a PNG there.
 *
 * <p>The folder is the system property {@value #PROPERTY} when set, otherwise {@code
 * examples/target/plots/}; every helper also takes the folder as an argument, which wins. Each
 * file written is printed ({@code plot: path}) so a reader of the output can open it.
 */
public final class Plots {
    /** The system property naming the plots folder. */
    public static final String PROPERTY = "fluxion.plots";

    static {
        headless();
    }

    private Plots() {}

    /**
     * Asks AWT for headless mode before anything of it loads. Linux without DISPLAY is headless
     * anyway, but with a stale DISPLAY (an ssh session gone) or on macOS AWT would try to open a
     * window system just to draw into an image; once AWT has started the property is ignored.
     */
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** The plots folder: the system property {@value #PROPERTY}, or {@code examples/target/plots/}. */
    public static Path folder() {
        return folder(System.getProperty(PROPERTY), Path.of("").toAbsolutePath());
    }

    /** The plots folder for a property value (null or blank when unset) and a working directory. */
    static Path folder(String property, Path workingDirectory) {
        if (property != null && !property.isBlank()) {
            return Path.of(property.strip());
        }
        // Maven runs the tour and the tests in examples/, an IDE usually in the repository root:
        // both should land in examples/target/plots.
        Path examples = workingDirectory.resolve("examples");
        Path base = Files.isRegularFile(examples.resolve("pom.xml")) ? examples : workingDirectory;
        return base.resolve("target").resolve("plots");
    }

    /** Writes the chart as {@code folder/name.png}, creating the folder, prints where, and returns the file. */
    public static Path save(XYChart chart, Path folder, String name) {
        Path file = file(folder, name, ".png");
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the plot " + file, e);
        }
        return written(file);
    }

    /** A single line y(x), titled and labelled, saved as {@code folder/name.png}. */
    public static Path line(Path folder, String name, String title, String xLabel, String yLabel,
            double[] x, double[] y) {
        return Figure.of(title, xLabel, yLabel).plot(yLabel, x, y).save(folder, name);
    }

    /** {@code folder/name + extension}, the folder created; the name must be a plain file name. */
    static Path file(Path folder, String name, String extension) {
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("a plot name is a plain file name without extension, got '" + name + "'");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the plots folder " + folder, e);
        }
        return folder.resolve(name + extension);
    }

    /** Prints that a file was written and returns it. */
    static Path written(Path file) {
        System.out.println("  wrote " + file.toAbsolutePath().normalize());
        return file;
    }
}
