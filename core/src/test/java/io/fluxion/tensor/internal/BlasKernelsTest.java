package io.fluxion.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxion.tensor.Backend;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Backend.kernels(): which OpenBLAS kernels run, and who chose them. */
class BlasKernelsTest {

    @Test
    void openBlasNamesItsKernelsAndTheUsersChoiceIsSaid() throws Exception {
        assumeTrue(Blas.implementation().equals("JNIBLAS") && !OpenBlasThreads.coreName().isEmpty(),
                "no native OpenBLAS here");
        // A fresh JVM each: OpenBLAS reads the variable once, when it loads.
        assertEquals("Haswell (OPENBLAS_CORETYPE=Haswell)", kernelsOfAForkedJvm(Map.of("OPENBLAS_CORETYPE", "Haswell")));
        String own = kernelsOfAForkedJvm(Map.of());
        assertTrue(own.endsWith(" (OpenBLAS's choice)") && !own.startsWith(" "), own);
        assertEquals(Blas.kernels(), Backend.current().kernels());
    }

    /** What {@link Backend#current()} says of the kernels in a JVM started with these variables (and no OPENBLAS_CORETYPE else). */
    private static String kernelsOfAForkedJvm(Map<String, String> environment) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", String.join(File.pathSeparator,
                        System.getProperty("java.class.path", ""), System.getProperty("jdk.module.path", "")),
                PrintKernels.class.getName());
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().remove(Blas.CORE_ENVIRONMENT);
        b.environment().putAll(environment);
        Process p = b.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the forked JVM did not end within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("kernels: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no kernels line in: " + out)).substring("kernels: ".length());
    }

    /** The forked JVM's main. */
    static final class PrintKernels {
        public static void main(String[] args) {
            System.out.println("kernels: " + Backend.current().kernels());
        }
    }
}
