package io.fluxion.data;

import static io.fluxion.data.Examples.ids;
import static io.fluxion.data.Examples.numbered;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vavr.collection.List;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Batches gathered into reused buffers: the same rows as the immutable batches, without new arrays. */
class ReusedBatchesTest {

    @Test
    void sameRowsInTheSameOrderAsBatchesWithAndWithoutTheLast() {
        Dataset d = numbered(23).shuffle(5);
        for (boolean dropLast : new boolean[] {false, true}) {
            List<Batch> expected = d.batches(5, dropLast).toList();
            Iterator<Batch> it = d.reusedBatches(5, dropLast);
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
        Iterator<Batch> it = numbered(17).reusedBatches(5, false);
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
    void batchSizeBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> numbered(3).reusedBatches(0, false));
        assertEquals("reusedBatches: batchSize must be at least 1, got 0", e.getMessage());
    }
}
