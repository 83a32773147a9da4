package io.fluxion.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
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
    void jobsInQuickSuccessionReachAHelperEveryTime() throws Exception {
        // Each part waits for the others: a job completes only if every helper, spinning or woken
        // from the pool, takes one of its parts. A job handed to a helper that has gone to sleep,
        // or to a helper already running another part of the same job, would time out here. Gaps
        // of 0 to 250 µs cover jobs caught spinning and jobs that wake a helper.
        for (int threads : new int[] {2, 3}) {
            Parallel p = new Parallel(threads);
            for (int job = 0; job < 600; job++) {
                CyclicBarrier all = new CyclicBarrier(threads);
                int n = threads;
                p.run(threads, i -> {
                    try {
                        all.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(n + " threads: part " + i + " waited alone", e);
                    }
                });
                long until = System.nanoTime() + (job % 6) * 50_000L;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    @Test
    void jobsMeetingABusyHelperAreNotQueuedBehindIt() throws Exception {
        // Another caller's job holds the only helper (its two parts wait for each other and for
        // this thread, then for `release`); meanwhile this thread runs 2,000 jobs. It must do each
        // alone, and none may wait in the pool's queue: a queued task would run, empty, only when
        // the helper next went idle, holding its job's arrays until then.
        Parallel p = new Parallel(2);
        CyclicBarrier both = new CyclicBarrier(3);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> p.run(2, i -> {
            try {
                both.await(10, TimeUnit.SECONDS);
                release.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("part " + i, e);
            }
        }));
        holder.start();
        both.await(10, TimeUnit.SECONDS);
        AtomicIntegerArray runs = new AtomicIntegerArray(2_000 * 3);
        for (int j = 0; j < 2_000; j++) {
            int base = j * 3;
            p.run(3, i -> runs.incrementAndGet(base + i));
        }
        int queued = p.queued();
        int tasks = p.tasks();
        release.countDown();
        holder.join(10_000);
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "part " + i);
        }
        assertEquals(0, queued, "tasks queued behind the busy helper");
        assertEquals(1, tasks, "tasks given to the pool: the busy helper's own");
    }

    @Test
    void callersRunningJobsAtOnceEachGetEveryPartOnce() throws Exception {
        Parallel p = new Parallel(3);
        int callers = 4;
        int jobs = 500;
        AtomicIntegerArray runs = new AtomicIntegerArray(callers * jobs * 5);
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int caller = c;
            threads[c] = new Thread(() -> {
                for (int j = 0; j < jobs; j++) {
                    int base = (caller * jobs + j) * 5;
                    // A part that starts a job of its own, as a sharded step's program cuts its products.
                    p.run(3, i -> {
                        runs.incrementAndGet(base + i);
                        if (i == 0) {
                            p.run(2, k -> runs.incrementAndGet(base + 3 + k));
                        }
                    });
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "part " + i);
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
