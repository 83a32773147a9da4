package io.fluxion.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fluxion.data.Batch;
import io.fluxion.tensor.Shape;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.junit.jupiter.api.Test;

/** Reading rows into blocks: what the blocks hold, and what reading them allocates. */
class BlocksTest {
    private static final int WIDTH = 784;

    /** Row i of the partition: features all i % 2, label i % 2; Spark's way, the same row objects again. */
    private static Iterator<InternalRow> rows(int count) {
        return rows(count, WIDTH, 0);
    }

    /** Row i of the partition: {@code width} features all {@code base + i % 2}, and that label. */
    private static Iterator<InternalRow> rows(int count, int width, double base) {
        double[][] features = new double[2][width];
        Arrays.fill(features[0], base);
        Arrays.fill(features[1], base + 1);
        InternalRow[] two = {
            new GenericInternalRow(new Object[] {UnsafeArrayData.fromPrimitiveArray(features[0]), base}),
            new GenericInternalRow(new Object[] {UnsafeArrayData.fromPrimitiveArray(features[1]), base + 1})};
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

    private static List<Batch> read(int rows, int width, double base) throws Exception {
        List<Batch> out = new ArrayList<>();
        Blocks.fromRows("features", "label", width, 1, true).call(0, rows(rows, width, base))
                .forEachRemaining(b -> out.add(examples(b)));
        return out;
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
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

    @Test
    void aPartitionAllocatesItsRowsOnceWhenStagingIsReused() throws Exception {
        read(Blocks.ROWS + 3, WIDTH, 0); // leaves its staging for the next partition of these widths
        int rows = 2 * Blocks.ROWS + 3;
        long before = allocatedByThisThread();
        List<Batch> blocks = read(rows, WIDTH, 0);
        long allocated = allocatedByThisThread() - before;
        long data = (long) rows * (WIDTH + 1) * Double.BYTES;
        assertEquals(List.of(Blocks.ROWS, Blocks.ROWS, 3), blocks.stream().map(Batch::size).toList());
        // Growing the first block by doubling and allocating the last one whole, then trimming, took twice this.
        assertTrue(allocated < 1.05 * data, () -> "reading " + data + " bytes of rows allocated " + allocated);
    }

    @Test
    void theFirstPartitionAllocatesItsRowsAndOneBlockOfStaging() throws Exception {
        int width = 781; // no other test reads rows of this width: nothing staged for it yet
        int rows = 2 * Blocks.ROWS + 3;
        long before = allocatedByThisThread();
        read(rows, width, 0);
        long allocated = allocatedByThisThread() - before;
        long data = (long) rows * (width + 1) * Double.BYTES;
        long staging = (long) Blocks.ROWS * (width + 1) * Double.BYTES;
        assertTrue(allocated < data + 1.05 * staging, () -> "reading " + data + " bytes of rows allocated "
                + allocated + ", more than one block (" + staging + ") of staging besides");
    }

    @Test
    void partitionsReadAtOnceKeepTheirOwnRows() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Batch>>> partitions = new ArrayList<>();
            for (int p = 0; p < 6; p++) {
                double base = 10 * p;
                partitions.add(threads.submit(() -> read(Blocks.ROWS + 100, 97, base)));
            }
            for (int p = 0; p < partitions.size(); p++) {
                List<Batch> blocks = partitions.get(p).get();
                assertEquals(2, blocks.size());
                int row = 0;
                for (Batch b : blocks) {
                    double[] x = b.x().toArray();
                    double[] y = b.y().toArray();
                    for (int i = 0; i < b.size(); i++, row++) {
                        double expected = 10 * p + row % 2;
                        assertEquals(expected, y[i], "label of row " + row + " of partition " + p);
                        for (int j = 0; j < 97; j++) {
                            if (x[i * 97 + j] != expected) {
                                fail("feature " + j + " of row " + row + " of partition " + p + " is " + x[i * 97 + j]
                                        + ", not " + expected);
                            }
                        }
                    }
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
