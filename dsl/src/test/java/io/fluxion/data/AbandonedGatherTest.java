package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.internal.GatherBuffers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An epoch that stopped early (a step threw) leaves the gather of its next batch to the pool; an
 * epoch run again on the same buffers waits for it before it gathers, so that no batch it hands
 * out is overwritten by the old epoch's rows.
 */
class AbandonedGatherTest {
    private static final int ROWS = 17;
    private static final int WIDTH = 4096;   // batches of 5 are large enough to gather ahead
    private static final int BATCH = 5;

    @Test
    void aGatherLeftRunningByAnAbandonedEpochDoesNotWriteIntoTheNextEpochsBatches() throws Exception {
        byte[] bytes = new byte[ROWS * WIDTH];
        new SplittableRandom(5).nextBytes(bytes);
        Rows x = Rows.UnsignedBytes.of(Shape.of(ROWS, WIDTH), bytes, 255);
        Rows y = new Rows.Dense(Tensor.zeros(Shape.of(ROWS, 1)));
        int[] first = IntStream.range(0, ROWS).toArray();
        int[] again = IntStream.range(0, ROWS).map(i -> ROWS - 1 - i).toArray();
        GatherBuffers buffers = new GatherBuffers();
        Parallel threads = Parallel.of(2);   // no job of its own runs, so batches are gathered ahead

        // The first epoch takes two batches, the second gathered ahead on the pool.
        GatheredBatches abandoned = new GatheredBatches(x, y, first, BATCH, false, buffers, threads);
        abandoned.next();
        assertTrue(ForkJoinPool.commonPool().awaitQuiescence(10, TimeUnit.SECONDS));
        // The pool's threads held, the second next() leaves batch 2 (the first pair's buffers)
        // queued behind them, and the epoch stops there.
        int workers = ForkJoinPool.commonPool().getParallelism();
        CountDownLatch running = new CountDownLatch(workers);
        CountDownLatch gate = new CountDownLatch(1);
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                running.countDown();
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(running.await(10, TimeUnit.SECONDS));
        abandoned.next();

        // The epoch again, on the same buffers; the pool's threads go on a little later.
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.countDown();
        });
        release.start();
        GatheredBatches epoch = new GatheredBatches(x, y, again, BATCH, false, buffers, threads);
        Batch b = epoch.next();
        double[] seen = b.x().toArray();
        assertTrue(ForkJoinPool.commonPool().awaitQuiescence(10, TimeUnit.SECONDS));
        release.join();
        double[] want = new double[BATCH * WIDTH];
        for (int i = 0; i < BATCH; i++) {
            for (int c = 0; c < WIDTH; c++) {
                want[i * WIDTH + c] = (bytes[again[i] * WIDTH + c] & 0xFF) / 255.0;
            }
        }
        assertArrayEquals(want, seen, "batch 0 as handed out");
        assertArrayEquals(want, b.x().toArray(), "batch 0 once the old epoch's gather had run");
    }
}
