package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import scala.Tuple4;

/** The Scala 3 example compiles with the build and computes what the Java one does. */
class ScalaQuadraticTest {
    @Test
    void scalaOperatorsBuildTheSameDerivatives() {
        Tuple4<Object, Object, Object, String> r = ScalaQuadratic.run();
        assertEquals(1.0, (double) r._1(), 0.0);
        assertEquals(-2.0, (double) r._2(), 0.0);
        assertEquals(2.0, (double) r._3(), 0.0);
        assertEquals("2 * x - 2", r._4());
    }
}
