package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's packages depend on each other only as documented: tensor on nothing but expr, and
 * that only in {@code Eager} (Tensor's eager operations build the node an expression would), op
 * and interp on expr and tensor, and expr on op (the fluent methods) — the two cycles, each
 * through one door. autodiff sits on top of them all. Each package's {@code internal} subpackage
 * is held to its package's rule.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/fluxion");
    private static final Pattern REFERENCE = Pattern.compile("io\\.fluxion\\.([a-z]+)");

    @Test
    void packagesDependOnlyAsDocumented() {
        Map<String, Set<String>> allowed = Map.of(
                "tensor", Set.of("expr"),
                "expr", Set.of("op", "tensor"),
                "op", Set.of("expr", "tensor"),
                "interp", Set.of("expr", "tensor"),
                "autodiff", Set.of("expr", "interp", "op", "tensor"));
        for (var e : allowed.entrySet()) {
            Set<String> used = references(e.getKey());
            used.removeAll(e.getValue());
            assertEquals(Set.of(), used, "io.fluxion." + e.getKey() + " reaches packages it should not");
        }
    }

    @Test
    void tensorReachesExpressionsOnlyThroughEager() {
        for (Path f : sources("tensor")) {
            Set<String> used = referencesIn(f, "tensor");
            if (!f.getFileName().toString().equals("Eager.java")) {
                assertEquals(Set.of(), used, f.getFileName() + " reaches packages it should not (only Eager may)");
            }
        }
    }

    private static java.util.List<Path> sources(String pkg) {
        // A package's internal subpackage (io.fluxion.tensor.internal) counts as the package itself.
        try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private static Set<String> referencesIn(Path f, String pkg) {
        Set<String> out = new TreeSet<>();
        try {
            Matcher m = REFERENCE.matcher(Files.readString(f));
            while (m.find()) {
                if (!m.group(1).equals(pkg)) {
                    out.add(m.group(1));
                }
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out;
    }

    private static Set<String> references(String pkg) {
        Set<String> out = new TreeSet<>();
        for (Path f : sources(pkg)) {
            out.addAll(referencesIn(f, pkg));
        }
        return out;
    }
}
