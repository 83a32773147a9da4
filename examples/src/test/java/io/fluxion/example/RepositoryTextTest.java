package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.collection.List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository stands on its own: no source, build file or document cites notes or data that
 * live outside it (the architecture notes, the recipe list, a folder beside the clone), which a
 * user of the repository does not have. (CI's script, {@code .ci/run}, is not a source: it may link
 * the MNIST copy of CI's machine into {@code data/mnist}, where the tests look.)
 */
class RepositoryTextTest {
    /** Spelt in pieces so that this file does not hold what it looks for. */
    private static final List<String> OUTSIDE = List.of("DESIGN" + ".md", "SEEDS" + ".md", "../" + "shared");
    private static final List<String> SKIPPED = List.of("target", ".git", "data", "node_modules");

    @Test
    void noFileCitesWhatLivesOutsideTheRepository() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("mvnw")), "tests run in a module folder of the repository: " + root);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = List.ofAll(walk.filter(Files::isRegularFile)
                    .filter(p -> List.ofAll(root.relativize(p)).forAll(part -> !SKIPPED.contains(part.toString())))
                    .filter(p -> p.toString().matches(".*\\.(java|scala|md|xml|jsh|sh|py|properties|txt)$"))
                    .toList());
        }
        assertTrue(files.size() > 100, "expected the repository's sources, found " + files.size());
        List<String> offenders = files.flatMap(f -> OUTSIDE.filter(word -> read(f).contains(word))
                .map(word -> root.relativize(f) + " cites " + word));
        assertEquals(List.empty(), offenders);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (MalformedInputException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
