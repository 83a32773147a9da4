package io.fluxion.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The threads Fluxion gives a product: the property, else OpenBLAS's variable respected, else every core. */
class BlasThreadsTest {

    @Test
    void withNothingSetFluxionDecidesOnEveryCore() {
        assertEquals(new BlasThreads(8, true, 8), BlasThreads.of(null, null, 8));
    }

    @Test
    void openBlasNumThreadsSetByTheUserLeavesThreadingToOpenBlas() {
        assertEquals(new BlasThreads(1, false, 8), BlasThreads.of(null, "4", 8), "a step's shards still use every core");
        assertEquals(new BlasThreads(1, false, 8), BlasThreads.of(null, "1", 8));
    }

    @Test
    void thePropertyWinsOverTheEnvironment() {
        assertEquals(new BlasThreads(3, true, 3), BlasThreads.of("3", "4", 8));
        assertEquals(new BlasThreads(1, true, 1), BlasThreads.of(" 1 ", null, 8));
    }

    @Test
    void aPropertyThatIsNoPositiveWholeNumberIsNamedWithItsValue() {
        for (String bad : new String[] {"0", "-2", "two", "", "1.5"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> BlasThreads.of(bad, null, 8));
            assertTrue(e.getMessage().contains("fluxion.threads") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }

    @Test
    void partsDependOnTheShapeAloneAndComeInPowersOfTwo() {
        assertEquals(1, Blas.parts(100L * 784 * 10, 100), "the S4 step's product is one call");
        assertEquals(1, Blas.parts(1L << 30, 100), "too few rows to share");
        assertEquals(2, Blas.parts(128L * 784 * 128, 128));
        assertEquals(2, Blas.parts(500L * 500 * 500, 500));
        assertEquals(8, Blas.parts(2000L * 2000 * 2000, 2000));
        assertEquals(16, Blas.parts(4096L * 4096 * 4096, 4096));
    }
}
