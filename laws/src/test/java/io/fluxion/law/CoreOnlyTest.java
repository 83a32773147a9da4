package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The laws need the core only: neither the Dsl facade's module nor Spark is on their class path. */
class CoreOnlyTest {
    @Test
    void neitherTheDslModuleNorSparkIsOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.fluxion.dsl.Dsl"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.fluxion.nn.Model"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.fluxion.spark.SparkTraining"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkContext"));
    }
}
