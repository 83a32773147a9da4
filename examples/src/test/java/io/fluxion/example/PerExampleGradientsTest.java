package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The per-example gradients program runs and its vmapped gradients are the loop's; its program
 * does not grow with the batch as the unrolled loop's does. (Its timings are printed, not judged.)
 */
class PerExampleGradientsTest {
    @Test
    void vmappedGradientsAreTheLoopsInOneProgramOfFixedSize() {
        PerExampleGradients.Figures small = PerExampleGradients.run(4, 16, 8, 1);
        PerExampleGradients.Figures larger = PerExampleGradients.run(8, 16, 8, 1);
        assertTrue(small.maxDifference() < 1e-12, "largest difference " + small.maxDifference());
        assertEquals(small.vmapInstructions(), larger.vmapInstructions(), "vmap's program for 4 and for 8 examples");
        assertTrue(larger.unrolledInstructions() > small.unrolledInstructions() + 10,
                small.unrolledInstructions() + " then " + larger.unrolledInstructions());
    }
}
