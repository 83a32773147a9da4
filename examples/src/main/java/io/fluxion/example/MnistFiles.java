package io.fluxion.example;

import io.vavr.collection.List;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where recipes S4 and S6 find MNIST, and what it says when the files are not there: the four original
 * IDX files, gzipped or not, in a folder given as an argument, by the system property
 * {@value #PROPERTY}, or by default {@code data/mnist} in the repository (looked for from the
 * repository root and from {@code examples/}, where Maven runs the tour).
 */
public final class MnistFiles {
    /** The system property naming the MNIST folder. */
    public static final String PROPERTY = "fluxion.mnist.dir";
    /** The four files, each accepted with or without {@code .gz}. */
    static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private MnistFiles() {}

    /** The folder to read: the property when set, else the first {@code data/mnist} that holds the files. */
    public static Path folder() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property.strip());
        }
        Path here = Path.of("").toAbsolutePath();
        List<Path> candidates = List.of(here, here.getParent()).filter(p -> p != null)
                .map(p -> p.resolve("data").resolve("mnist"));
        // Absent everywhere: name the repository's data/mnist (beside mvnw), where the README puts it.
        return candidates.find(MnistFiles::present).getOrElse(() -> candidates
                .find(c -> Files.isRegularFile(c.getParent().getParent().resolve("mvnw"))).getOrElse(candidates.head()));
    }

    /** Whether all four files are in the folder. */
    public static boolean present(Path folder) {
        return FILES.forAll(f -> Files.isRegularFile(folder.resolve(f + ".gz")) || Files.isRegularFile(folder.resolve(f)));
    }

    /** What to do when they are not: which files, where, and how to get them, for recipe S4. */
    static String missing(Path folder) {
        return missing(folder, "S4", "MnistSoftmax");
    }

    /** What to do when they are not, for {@code recipe} ({@code S6}), whose program is {@code program}. */
    static String missing(Path folder, String recipe, String program) {
        return "MNIST is not in " + folder.toAbsolutePath().normalize() + ": recipe " + recipe + " needs the four files "
                + FILES.map(f -> f + ".gz").mkString(", ") + " (or the same unzipped).\n"
                + "Download them into data/mnist as the README's \"MNIST\" section shows, or name their folder with -D"
                + PROPERTY + "=/path/to/mnist (or as the first argument of " + program + ").\n"
                + recipe + " skipped.";
    }
}
