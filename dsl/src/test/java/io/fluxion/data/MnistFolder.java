package io.fluxion.data;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests find the real MNIST files: where the README tells users to put them, the folder
 * named by {@code -Dfluxion.mnist.dir} or else {@code data/mnist} in the repository. Tests that
 * need them are skipped when neither holds the four files.
 */
public final class MnistFolder {
    /** The system property naming the MNIST folder. */
    public static final String PROPERTY = "fluxion.mnist.dir";

    private MnistFolder() {}

    /** The folder holding the four files, if there is one. */
    public static Option<Path> find() {
        String property = System.getProperty(PROPERTY, "");
        // Tests run in the module folder; the repository root is its parent.
        Path folder = property.isBlank()
                ? Path.of("").toAbsolutePath().getParent().resolve("data").resolve("mnist")
                : Path.of(property.strip());
        return Option.of(folder.normalize()).filter(MnistFolder::present);
    }

    /** Why a test that needs MNIST was skipped: where it looked and how to point it elsewhere. */
    public static String notFound() {
        String property = System.getProperty(PROPERTY, "");
        return "MNIST files not found in " + (property.isBlank() ? "the repository's data/mnist" : property)
                + ": put them there as the README's MNIST section shows, or run with -D" + PROPERTY
                + "=/path/to/mnist";
    }

    private static boolean present(Path folder) {
        return List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")
                .forAll(f -> Files.isRegularFile(folder.resolve(f + ".gz")) || Files.isRegularFile(folder.resolve(f)));
    }
}
