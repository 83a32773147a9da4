package io.fluxion.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Every part runs exactly once, on whichever thread, and a part's failure reaches the caller. */
class ParallelTest {

    @Test
    void everyPartRunsOnceWhateverTheThreadCount() {
        for (int threads : new int[] {1, 2, 5}) {
            Parallel p = new Parallel(threads);
            AtomicIntegerArray runs = new AtomicIntegerArray(37);
            p.run(37, runs::incrementAndGet);
            int[] once = new int[37];
            Arrays.fill(once, 1);
            int[] got = new int[37];
            Arrays.setAll(got, runs::get);
            assertArrayEquals(once, got, threads + " threads");
        }
    }

    @Test
    void aFailingPartIsThrownToTheCallerAfterTheOthersStop() {
        Parallel p = new Parallel(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.run(8, i -> {
            if (i == 5) {
                throw new IllegalStateException("part 5");
            }
        }));
        assertEquals("part 5", e.getMessage());
    }
}
