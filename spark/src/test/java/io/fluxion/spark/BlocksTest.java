package io.fluxion.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Batch;
import io.fluxion.tensor.Shape;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.junit.jupiter.api.Test;

/** Reading rows into blocks: what the blocks hold, and what reading them allocates. */
class BlocksTest {
    private static final int WIDTH = 784;

    /** Row i of the partition: features all i, label i; Spark's way, the same row object refilled. */
    private static Iterator<InternalRow> rows(int count) {
        double[][] features = new double[2][WIDTH];
        Arrays.fill(features[1], 1);
        InternalRow[] two = {
            new GenericInternalRow(new Object[] {UnsafeArrayData.fromPrimitiveArray(features[0]), 0.0}),
            new GenericInternalRow(new Object[] {UnsafeArrayData.fromPrimitiveArray(features[1]), 1.0})};
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public InternalRow next() {
                return two[i++ % 2];
            }
        };
    }

    private static Iterator<Block> blocks(int rows) throws Exception {
        return Blocks.fromRows("features", "label", WIDTH, 1, true).call(3, rows(rows));
    }

    private static Batch examples(Block b) {
        return ((Block.Examples) b).batch();
    }

    @Test
    void rowsAreStackedInWholeBlocksThenTheRest() throws Exception {
        Iterator<Block> it = blocks(2 * Blocks.ROWS + 3);
        Batch first = examples(it.next());
        Batch second = examples(it.next());
        Batch rest = examples(it.next());
        assertTrue(!it.hasNext());
        assertEquals(Shape.of(Blocks.ROWS, WIDTH), first.x().shape());
        assertEquals(Shape.of(Blocks.ROWS, WIDTH), second.x().shape());
        assertEquals(Shape.of(3, WIDTH), rest.x().shape());
        assertEquals(Shape.of(3), rest.y().shape());
        assertEquals(java.util.List.of(0, 1, 2), java.util.List.of(first.index(), second.index(), rest.index()));
        // Row r of the partition has features and label r % 2: rows 2·ROWS to 2·ROWS+2 are 0, 1, 0.
        assertArrayEquals(new double[] {0, 1, 0}, rest.y().toArray());
        double[] x = rest.x().toArray();
        assertEquals(0, x[WIDTH - 1]);
        assertEquals(1, x[WIDTH]);
        assertEquals(1, x[2 * WIDTH - 1]);
        assertEquals(0, x[2 * WIDTH]);
        double[] y = second.y().toArray();
        assertEquals(Blocks.ROWS, y.length);
        assertEquals(0, y[0]);
        assertEquals(1, y[Blocks.ROWS - 1]);
        assertEquals(1, second.x().toArray()[Blocks.ROWS * WIDTH - 1]);
    }

    @Test
    void aWholeBlockAfterTheFirstIsAllocatedOnceAndNotCopied() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int whole = 4;
        Iterator<Block> it = blocks((whole + 1) * Blocks.ROWS);
        it.next();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int b = 0; b < whole; b++) {
            it.next();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long data = (long) whole * Blocks.ROWS * (WIDTH + 1) * Double.BYTES;
        // Growing each block by doubling and trimming it allocated about three times its data.
        assertTrue(allocated < 1.1 * data, () -> "reading " + whole + " whole blocks of " + data + " bytes allocated "
                + allocated);
    }
}
