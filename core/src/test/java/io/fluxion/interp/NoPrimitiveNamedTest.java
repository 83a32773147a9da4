package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture's rule: interpreters ask primitives for their rules and never name a concrete
 * one, so adding an operation never touches an interpreter.
 */
class NoPrimitiveNamedTest {
    private static final Pattern NAMES_A_PRIMITIVE = Pattern.compile(
            "io\\.fluxion\\.op\\b|\\b(Arithmetic|Transcendental|Activation|Linalg|Reduction|Structure|Elementwise)\\.");

    @Test
    void interpretersDoNotNameConcretePrimitives() throws IOException {
        Path dir = Path.of("src/main/java/io/fluxion/interp");
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() >= 10, "expected the interpreter sources in " + dir.toAbsolutePath());
        List<String> offenders = sources.stream()
                .filter(p -> NAMES_A_PRIMITIVE.matcher(read(p)).find())
                .map(p -> p.getFileName().toString())
                .toList();
        assertEquals(List.of(), offenders);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
