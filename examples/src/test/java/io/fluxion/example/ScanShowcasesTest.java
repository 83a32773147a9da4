package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The scan showcases: an RNN trained through its loop, and an ODE's parameters fitted through its solver. */
class ScanShowcasesTest {
    @Test
    void theRnnLearnsTheNextSampleAndItsLoopStaysOneNode() {
        RnnSequence.Result r = RnnSequence.run(60);
        assertEquals(r.unrolledLoss(), r.firstLoss(), 1e-12 * r.firstLoss(), "the scan's loss is the unrolled loop's");
        assertTrue(r.lastLoss() < r.firstLoss() / 20, () -> "loss " + r.firstLoss() + " -> " + r.lastLoss());
        assertTrue(r.scanInstructions() < 30 && r.unrolledInstructions() > 20 * RnnSequence.STEPS / 2,
                () -> r.scanInstructions() + " instructions as a scan, " + r.unrolledInstructions() + " unrolled");
    }

    @Test
    void theFitRecoversTheParametersThroughTheSolver() {
        OdeFit.Result r = OdeFit.run(120);
        assertTrue(r.lastLoss() < r.firstLoss() / 500, () -> "loss " + r.firstLoss() + " -> " + r.lastLoss());
        Tensor before = OdeFit.START.minus(OdeFit.TRUTH);
        Tensor after = r.fitted().minus(OdeFit.TRUTH);
        assertTrue(after.norm() < before.norm() / 4, () -> "distance to the truth " + before.norm() + " -> " + after.norm());
        assertTrue(r.instructions() < 30, () -> r.instructions() + " instructions");
    }
}
