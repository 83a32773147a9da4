package io.fluxion.interp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Program;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** The loop compiler warmed in the background: one daemon thread per JVM, started by compiling a program. */
class LoopWarmupTest {

    @Test
    void compilingAProgramStartsOneDaemonThreadThatEnds() throws InterruptedException {
        Var x = Var.of("x", Shape.vector(3));
        Program p = Compile.compile(List.of(x.times(x).plus(x).sqrt()));
        Thread warming = LoopWarmup.started();
        assertNotNull(warming, "compiling a program starts the warm-up");
        assertTrue(warming.isDaemon(), "the warm-up never keeps a JVM alive");
        LoopWarmup.begin();
        Compile.compile(List.of(x.exp()));
        assertSame(warming, LoopWarmup.started(), "later programs start no other thread");
        warming.join(120_000);
        assertFalse(warming.isAlive(), "the warm-up ends");
        // A loop of the warm-up's form, in the caller's program, computes its own values.
        double[] got = p.run(Bindings.of(x, Tensor.of(Shape.vector(3), 1.0, 2.0, 3.0))).head().toArray();
        double[] want = {Math.sqrt(2.0), Math.sqrt(6.0), Math.sqrt(12.0)};
        for (int i = 0; i < 3; i++) {
            assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), "at " + i);
        }
    }
}
