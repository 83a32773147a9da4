package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipe S1 as a learner steps through it in jshell: {@code ./jshell.sh jshell/s1-quadratic.jsh},
 * run as a script with this build's class path (the script's FLUXION_CLASSPATH), when the JDK
 * running the build has jshell. It prints the recipe's numbers, and no snippet fails.
 */
class JshellTest {
    @TempDir
    Path dir;

    @Test
    void recipeS1RunsInJshellAndPrintsItsNumbers() throws IOException, InterruptedException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        assumeTrue(Files.isExecutable(javaHome.resolve("bin/jshell")), "no jshell in " + javaHome);
        Path root = Path.of("").toAbsolutePath().getParent();
        Path log = dir.resolve("jshell.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "jshell.sh", "jshell/s1-quadratic.jsh").directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("FLUXION_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", javaHome.toString());
        Process jshell = pb.start();
        jshell.getOutputStream().close();   // end of input: jshell exits after the script
        boolean ended = jshell.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            jshell.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "jshell did not end within 5 minutes:\n" + out);
        assertEquals(0, jshell.exitValue(), out);
        assertFalse(out.contains("Error:") || out.contains("Exception"), out);
        assertTrue(out.contains("Fluxion: Dsl.* and the API's packages are imported"), "the startup file ran:\n" + out);
        assertTrue(out.contains("y(0) = 1.0, dy/dx = -2.0"), out);
        assertTrue(out.contains("dy/da = 0.0, dy/db = 0.0, dy/dc = 1.0"), out);
        assertTrue(out.contains("dy/dx = b + a * 2 * x"), out);
        assertTrue(out.contains("d2y/dx2 = 2.0"), out);
        assertTrue(out.contains("f(0) = List(-2.0, 1.0), f(1) = List(0.0, 0.0)"), out);
        String closedForm = String.format(Locale.ROOT, "%.9f", 1 - Math.pow(0.98, 1000));
        assertTrue(out.contains("x after 1000 steps = " + closedForm), closedForm + " expected in\n" + out);
    }
}
