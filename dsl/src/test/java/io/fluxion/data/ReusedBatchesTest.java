package io.fluxion.data;

import static io.fluxion.data.Examples.ids;
import static io.fluxion.data.Examples.numbered;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.internal.GatherBuffers;
import io.fluxion.data.internal.ReusedBatches;
import io.vavr.collection.List;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * Batches gathered into reused buffers: the same rows as the immutable batches, without new
 * arrays, and only for Fluxion's training (not a method a user can call on a dataset).
 */
class ReusedBatchesTest {

    @Test
    void aDatasetHandsOutNoBatchesThatAreOverwritten() {
        // Every public way to a dataset's batches gives immutable ones.
        assertTrue(List.of(Dataset.class.getMethods()).filter(m -> m.getName().toLowerCase().contains("reused"))
                .isEmpty(), "Dataset has a public reused-batch method");
    }

    @Test
    void sameRowsInTheSameOrderAsBatchesWithAndWithoutTheLast() {
        Dataset d = numbered(23).shuffle(5);
        for (boolean dropLast : new boolean[] {false, true}) {
            List<Batch> expected = d.batches(5, dropLast).toList();
            Iterator<Batch> it = ReusedBatches.of(d, 5, dropLast);
            for (Batch e : expected) {
                Batch b = it.next();   // compared before the next call overwrites it
                assertArrayEquals(ids(e.x(), e.y()), ids(b.x(), b.y()));
                assertEquals(e.x(), b.x());
                assertEquals(e.index(), b.index());
            }
            assertFalse(it.hasNext(), "dropLast " + dropLast);
            assertThrows(NoSuchElementException.class, it::next);
        }
    }

    @Test
    void fullBatchesTakeTwoBuffersInTurnAndTheLastHasItsOwn() {
        // Two in turn: batch i + 1 is gathered while the caller works on batch i.
        Iterator<Batch> it = ReusedBatches.of(numbered(17), 5, false);
        Batch first = it.next();
        Batch second = it.next();
        Batch third = it.next();
        Batch last = it.next();
        assertNotSame(first.x(), second.x());
        assertSame(first.x(), third.x());
        assertSame(first.y(), third.y());
        assertNotSame(first.x(), last.x());
        assertNotSame(second.x(), last.x());
        assertArrayEquals(new int[] {15, 16}, ids(last.x(), last.y()));
    }

    @Test
    void batchesGatheredAheadOnThePoolHoldTheirRowsWhenTheCallerGetsThem() {
        // Rows of 4,096 doubles, so that a batch of two is large enough to be gathered ahead.
        int n = 9;
        int width = 4096;
        double[] x = new double[n * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;   // row r holds r * width .. r * width + width - 1
        }
        Dataset d = Dataset.of(io.fluxion.tensor.Tensor.of(io.fluxion.tensor.Shape.of(n, width), x),
                io.fluxion.tensor.Tensor.vector(0, 1, 2, 3, 4, 5, 6, 7, 8)).shuffle(3);
        assertTrue(2L * (width + 1) >= GatheredBatches.AHEAD_MIN_DOUBLES);
        List<Batch> expected = d.batches(2).toList();
        Iterator<Batch> it = ReusedBatches.of(d, 2, false);
        for (Batch e : expected) {
            Batch b = it.next();
            assertEquals(e.x(), b.x());
            assertEquals(e.y(), b.y());
        }
        assertFalse(it.hasNext());
    }

    @Test
    void epochsOverTheSameGatherBuffersAllocateThemOnce() {
        GatherBuffers buffers = new GatherBuffers();
        for (long seed = 1; seed <= 3; seed++) {
            Dataset d = numbered(17).shuffle(seed);
            List<Batch> expected = d.batches(5).toList();
            Iterator<Batch> it = ReusedBatches.of(d, 5, false, buffers);
            for (Batch e : expected) {
                Batch b = it.next();
                assertArrayEquals(ids(e.x(), e.y()), ids(b.x(), b.y()));
            }
            // two pairs for full batches in turn and one for the last: made by the first epoch only
            assertEquals(3, buffers.size(), "epoch " + seed);
        }
    }

    @Test
    void batchSizeBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, 
                () -> ReusedBatches.of(numbered(3), 0, false));
        assertEquals("reusedBatches: batchSize must be at least 1, got 0", e.getMessage());
    }
}
