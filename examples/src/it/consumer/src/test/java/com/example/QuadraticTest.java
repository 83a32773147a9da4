package com.example;

import static io.fluxion.dsl.Dsl.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.law.GradCheck;
import io.fluxion.law.Report;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.Epoch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The user's project compiles against Fluxion's artifacts and runs: the README's promises, kept. */
class QuadraticTest {
    @Test
    void theGradientOfTheReadmesQuadratic() {
        assertEquals(-2.0, Quadratic.slopeAtZero());
    }

    @Test
    void aFittedLineAndItsHistoryAsAJavaList() {
        List<Epoch> history = Quadratic.fitLine(200);
        assertEquals(200, history.size());
        Epoch last = history.get(history.size() - 1);
        assertTrue(last.loss() < 1e-6 * history.get(0).loss(), "loss " + history.get(0).loss() + " -> " + last.loss());
    }

    @Test
    void theLawsCheckAUsersFunction() {
        Report r = GradCheck.check(x -> x.sin().times(x).sum(), Tensor.vector(-1.5, 0.25, 2), 2);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void fluxionDslBringsNoSparkTypes() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.fluxion.spark.SparkTraining"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkContext"));
    }

    @Test
    void sourcesAndJavadocAreBesideEveryJar() {
        Path repository = Path.of(System.getProperty("local.repository"));
        String version = System.getProperty("fluxion.version");
        for (String module : List.of("fluxion-core", "fluxion-dsl", "fluxion-laws")) {
            Path folder = repository.resolve("io/fluxion/" + module + "/" + version);
            for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
                Path jar = folder.resolve(module + "-" + version + suffix);
                assertTrue(Files.isRegularFile(jar), jar + " missing");
            }
        }
    }
}
