package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Batches gathered while the caller's steps use Fluxion's threads are gathered over those threads,
 * each taking a block of the batch's rows: every row lands where it belongs, whatever the thread,
 * in both dtypes and both kinds of rows (bytes and tensors), the smaller last batch too.
 */
class SharedGatherTest {
    private static final int ROWS = 17;
    private static final int WIDTH = 4096;   // batches of 5 are large enough to gather ahead or share out
    private static final int BATCH = 5;

    @Test
    void batchesSharedOutOverTheStepsThreadsHoldTheirRows() {
        byte[] bytes = new byte[ROWS * WIDTH];
        new SplittableRandom(11).nextBytes(bytes);
        double[] ids = new double[ROWS];
        java.util.Arrays.setAll(ids, i -> 100 + i);
        int[] order = Shuffle.permute(java.util.stream.IntStream.range(0, ROWS).toArray(), 4);
        for (DType dtype : DType.values()) {
            Rows x = Rows.UnsignedBytes.of(Shape.of(ROWS, WIDTH), bytes, 255).to(dtype);
            Rows y = new Rows.Dense(Tensor.of(Shape.of(ROWS, 1), ids).to(dtype));
            // Three threads, so that a batch of 5 is cut into blocks of 1, 2 and 2 rows.
            Parallel threads = Parallel.of(3);
            GatheredBatches it = new GatheredBatches(x, y, order, BATCH, false,
                    new io.fluxion.data.internal.GatherBuffers(), threads);
            int steps = 0;
            for (int k = 0; it.hasNext(); k++) {
                Batch b = it.next();
                int n = Math.min(BATCH, ROWS - k * BATCH);
                assertEquals(Shape.of(n, WIDTH), b.x().shape(), "batch " + k);
                for (int i = 0; i < n; i++) {
                    int row = order[k * BATCH + i];
                    assertEquals(100.0 + row, b.y().toArray()[i], dtype + " batch " + k + " row " + i);
                    double[] got = b.x().toArray();
                    for (int c = 0; c < WIDTH; c++) {
                        double want = dtype == DType.FLOAT64 ? (bytes[row * WIDTH + c] & 0xFF) / 255.0
                                : (float) ((bytes[row * WIDTH + c] & 0xFF) / 255.0);
                        assertEquals(want, got[i * WIDTH + c], dtype + " batch " + k + " row " + i + " column " + c);
                    }
                }
                // The caller's step: a job for the threads, as a training step's products are.
                threads.run(3, p -> {});
                steps++;
            }
            assertFalse(it.hasNext());
            // The first batch is gathered on the caller and the second ahead on the pool (the
            // steps had not yet been seen to use the threads); the two after were shared out.
            assertEquals(steps + (steps - 2), threads.jobs(), dtype + ": jobs of the steps and of the shared gathers");
        }
    }

    @Test
    void whenTheStepsLeaveTheThreadsAloneBatchesAreGatheredAheadAsBefore() {
        byte[] bytes = new byte[ROWS * WIDTH];
        new SplittableRandom(12).nextBytes(bytes);
        Rows x = Rows.UnsignedBytes.of(Shape.of(ROWS, WIDTH), bytes, 255);
        Rows y = new Rows.Dense(Tensor.zeros(Shape.of(ROWS, 1)));
        int[] order = java.util.stream.IntStream.range(0, ROWS).toArray();
        Parallel threads = Parallel.of(2);
        GatheredBatches it = new GatheredBatches(x, y, order, BATCH, false,
                new io.fluxion.data.internal.GatherBuffers(), threads);
        for (int k = 0; it.hasNext(); k++) {
            Batch b = it.next();
            assertEquals((bytes[k * BATCH * WIDTH + 7] & 0xFF) / 255.0, b.x().toArray()[7], "batch " + k);
        }
        assertEquals(0, threads.jobs(), "no batch was shared out over the threads");
    }
}
