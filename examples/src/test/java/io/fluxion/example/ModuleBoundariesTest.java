package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module descriptors of the jars this build makes: each module exports its API packages and
 * no internal one, except to the Fluxion modules that need it; and a user's application of the
 * dsl and the laws resolves on the module path with the jars they depend on (EJML's float32 jar,
 * which splits packages with its float64 one, once made that impossible).
 */
class ModuleBoundariesTest {
    private static final Path REPO = Path.of("..");
    private static final String VERSION = System.getProperty("fluxion.version");

    private static Path jar(String module) {
        Path jar = REPO.resolve(module + "/target/fluxion-" + module + "-" + VERSION + ".jar");
        assertTrue(Files.isRegularFile(jar), jar + " is built before the examples' tests");
        return jar;
    }

    private static ModuleDescriptor descriptor(String module) {
        return ModuleFinder.of(jar(module)).findAll().iterator().next().descriptor();
    }

    private static Set<String> unqualifiedExports(ModuleDescriptor d) {
        return d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, Set<String>> qualifiedExports(ModuleDescriptor d) {
        return d.exports().stream().filter(ModuleDescriptor.Exports::isQualified).collect(Collectors.toMap(
                ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets, (a, b) -> a, TreeMap::new));
    }

    @Test
    void theCoreExportsItsApiAndItsInternalsOnlyToFluxion() {
        ModuleDescriptor core = descriptor("core");
        assertEquals("io.fluxion.core", core.name());
        assertFalse(core.isAutomatic());
        assertEquals(Set.of("io.fluxion.tensor", "io.fluxion.expr", "io.fluxion.op", "io.fluxion.interp",
                "io.fluxion.autodiff"), unqualifiedExports(core));
        assertEquals(Map.of("io.fluxion.tensor.internal", Set.of("io.fluxion.dsl", "io.fluxion.laws", "io.fluxion.spark"),
                "io.fluxion.interp.internal", Set.of("io.fluxion.laws")), qualifiedExports(core));
        assertTrue(core.packages().containsAll(Set.of("io.fluxion.tensor.internal", "io.fluxion.op.internal",
                "io.fluxion.interp.internal")), "the internal packages are in the module: " + core.packages());
    }

    @Test
    void theDslAndTheLawsExportTheirApi() {
        ModuleDescriptor dsl = descriptor("dsl");
        assertEquals("io.fluxion.dsl", dsl.name());
        assertEquals(Set.of("io.fluxion.dsl", "io.fluxion.nn", "io.fluxion.optim", "io.fluxion.train",
                "io.fluxion.data"), unqualifiedExports(dsl));
        assertEquals(Map.of(), qualifiedExports(dsl));
        ModuleDescriptor laws = descriptor("laws");
        assertEquals("io.fluxion.laws", laws.name());
        assertEquals(Set.of("io.fluxion.law"), unqualifiedExports(laws));
        assertTrue(laws.requires().stream().noneMatch(r -> r.name().equals("io.fluxion.dsl")),
                "the laws need the core only: " + laws.requires());
    }

    @Test
    void sparkIsAnAutomaticModuleOfAStableName() throws Exception {
        try (JarFile jar = new JarFile(jar("spark").toFile())) {
            assertEquals("io.fluxion.spark", jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
            assertTrue(jar.getEntry("module-info.class") == null, "Spark's jars cannot be named modules' requirements");
        }
        assertEquals("io.fluxion.spark", descriptor("spark").name());
    }

    @Test
    void anApplicationOfTheDslAndTheLawsResolvesOnTheModulePath() {
        // The jars they need, from this test's class path (which also holds Spark's, whose names are no modules').
        Set<String> needed = Set.of("vavr", "vavr-match", "jspecify", "ejml-core", "ejml-ddense", "blas",
                "arpack_combined_all", "jna", "asm", "quicktheories", "junit-jupiter-api", "opentest4j",
                "junit-platform-commons", "apiguardian-api");
        Path[] path = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> needed.contains(p.getFileName().toString().replaceFirst("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", "")))
                .toArray(Path[]::new);
        ModuleFinder finder = ModuleFinder.compose(ModuleFinder.of(jar("core"), jar("dsl"), jar("laws")),
                ModuleFinder.of(path));
        Configuration cf = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("io.fluxion.dsl", "io.fluxion.laws"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
        Module core = layer.findModule("io.fluxion.core").orElseThrow();
        Module dsl = layer.findModule("io.fluxion.dsl").orElseThrow();
        Module laws = layer.findModule("io.fluxion.laws").orElseThrow();
        assertTrue(dsl.canRead(core) && laws.canRead(core));
        assertTrue(core.isExported("io.fluxion.tensor"));
        assertFalse(core.isExported("io.fluxion.tensor.internal"), "Kernels, Blas, Parallel are not the users'");
        assertFalse(core.isExported("io.fluxion.interp.internal"), "Graph, Linearise are not the users'");
        assertFalse(core.isExported("io.fluxion.op.internal"), "Shapes is not the users'");
        assertTrue(core.isExported("io.fluxion.tensor.internal", dsl));
        assertFalse(core.isExported("io.fluxion.interp.internal", dsl));
        assertTrue(core.isExported("io.fluxion.interp.internal", laws));
        assertTrue(cf.modules().stream().map(m -> m.reference()).map(ModuleReference::descriptor)
                .anyMatch(d -> d.name().equals("ejml.ddense")), "EJML's LU is on the module path");
    }
}
