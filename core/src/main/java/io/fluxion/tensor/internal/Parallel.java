package io.fluxion.tensor.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the parts of one job on the calling thread and up to {@code threads - 1} helpers: the
 * parts of a large matrix product, or the shards of a training step's batch.
 *
 * <p>The caller takes parts too, and each part is claimed by whichever thread gets to it first, so
 * a job never waits for a helper that has not started: when the helpers are busy with other
 * callers' jobs (several programs running at once), the caller simply does every part itself.
 * Which thread runs a part never changes what the part computes.
 *
 * <p>A helper that has finished a job waits awake for {@link #SPIN_NANOS} before going back to the
 * pool to sleep, and the caller waits as long awake for the helpers' parts before it sleeps: a
 * training step hands out a job every 100 µs or so (a product, an optimizer's loop), and waking a
 * sleeping thread took about 27 µs a job on our 2-core VM, as long as a product's part of ~40 µs
 * saved. Waiting awake yields the core at every turn: a thread that spun without yielding kept a
 * woken thread from running when a third process held the other core.
 */
public final class Parallel {
    /**
     * How long a helper waits for the next job, and a caller for its helpers, awake before sleeping:
     * about the gap between the jobs of one training step, and a fraction of the step.
     */
    static final long SPIN_NANOS = 100_000;
    private static volatile Parallel shared;

    private final int threads;
    private final ThreadPoolExecutor helpers;
    /** Jobs handed to spinning helpers, each reserved from {@link #spinners} before it is queued. */
    private final ConcurrentLinkedQueue<Job> handed = new ConcurrentLinkedQueue<>();
    /** Helpers spinning for a job that no job has reserved yet. */
    private final AtomicInteger spinners = new AtomicInteger();
    /**
     * Tasks given to the pool and not yet finished: at most one per helper. A job that finds every
     * helper busy is done by its caller alone; queued behind them it would run, with nothing left to
     * do, only when a helper next had 100 µs without work, holding the job's arrays until then. In
     * a training step's stream of jobs that was rarely: such tasks piled up by the thousand, kept
     * old epochs' parameters alive and lengthened every collection, and kept the helper from ever
     * sleeping.
     */
    private final AtomicInteger tasks = new AtomicInteger();
    /** A helper made reservable again: one more reservation free. */
    private final Runnable free = spinners::incrementAndGet;
    /** How many jobs were offered to the helpers (see {@link #jobs()}). */
    private final AtomicLong jobs = new AtomicLong();

    Parallel(int threads) {
        this.threads = threads;
        this.helpers = threads == 1 ? null : helpers(threads - 1);
    }

    /**
     * The threads Fluxion works on in this JVM, shared by every product and step: as many as
     * {@code -Dfluxion.threads} says, else one per core. A job started from inside another's part
     * finds the helpers busy and runs on its own thread, so jobs nest without waiting on each other.
     *
     * @throws IllegalArgumentException if {@code fluxion.threads} is not a positive whole number
     */
    public static Parallel shared() {
        Parallel p = shared;
        if (p == null) {
            synchronized (Parallel.class) {
                p = shared;
                if (p == null) {
                    p = new Parallel(BlasThreads.ofSystem().workers());
                    shared = p;
                }
            }
        }
        return p;
    }

    /** Threads of their own for {@code threads - 1} helpers (tests; the JVM's are {@link #shared()}'s). */
    public static Parallel of(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Parallel: at least one thread, not " + threads);
        }
        return new Parallel(threads);
    }

    /**
     * How many jobs of several parts were offered to the helpers so far: a caller that sees the
     * count move between two of its calls knows that the work in between used the helpers (the
     * batches of a training step are gathered accordingly).
     */
    public long jobs() {
        return jobs.get();
    }

    /** How many threads may run this job's parts at once, the caller's included. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code part.accept(i)} for every i in [0, parts), and returns when all have run; the
     * first exception a part throws is rethrown here once all parts have stopped. Which thread runs
     * a part is not fixed, so a part must compute the same whichever runs it.
     */
    public void run(int parts, IntConsumer part) {
        if (parts == 1 || helpers == null) {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
            return;
        }
        jobs.incrementAndGet();
        Job job = new Job(parts, part);
        for (int h = Math.min(threads - 1, parts - 1); h > 0; h--) {
            if (reserveSpinner()) {
                handed.offer(job);
            } else if (reserveTask()) {
                helpers.execute(() -> {
                    help(job);
                    spinForMore();
                });
            }
        }
        job.run();
        job.await();
    }

    /** Takes a spinning helper for a job, if one is free: it then stays until it has taken a job from {@link #handed}. */
    private boolean reserveSpinner() {
        for (int free = spinners.get(); free > 0; free = spinners.get()) {
            if (spinners.compareAndSet(free, free - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Counts a task for the pool, if a helper is without one. */
    private boolean reserveTask() {
        for (int given = tasks.get(); given < threads - 1; given = tasks.get()) {
            if (tasks.compareAndSet(given, given + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Tasks given to the pool and not yet finished, started or queued (tests). */
    int tasks() {
        return tasks.get();
    }

    /** Tasks waiting in the pool's queue for a helper (tests). */
    int queued() {
        return helpers == null ? 0 : helpers.getQueue().size();
    }

    /** A helper's share of {@code job}: the parts it claims, then itself reservable again (see {@link #spinForMore}). */
    private void help(Job job) {
        if (!job.run(free)) {
            free.run();
        }
    }

    /**
     * A helper's wait for the next job, awake: it runs the jobs handed to it, and returns to the
     * pool (to sleep) once {@link #SPIN_NANOS} pass without one, unless a caller has just reserved
     * it, whose job is on its way to {@link #handed}.
     *
     * <p>A helper makes itself reservable again ({@link #free}) before the last part it runs of a
     * job is counted: a caller who starts its next job the moment its last one is done then finds
     * it reservable, instead of neither a reservation nor room for a task. Not earlier: a helper
     * reservable while it runs a part could be reserved for another part of the same job, which
     * would then wait for it. Leaving, it uncounts its task before it takes back a reservation, so
     * that a caller who finds none from then on gives the pool a task.
     */
    private void spinForMore() {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (true) {
            Job next = handed.poll();
            if (next != null) {
                help(next);
                deadline = System.nanoTime() + SPIN_NANOS;
            } else if (System.nanoTime() - deadline > 0) {
                tasks.decrementAndGet();
                if (reserveSpinner()) {
                    return;
                }
                // Every reservation is taken: a job is on its way to this helper or another.
                tasks.incrementAndGet();
            } else {
                Thread.yield();
            }
        }
    }

    private static ThreadPoolExecutor helpers(int n) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "fluxion-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Parts handed out by a counter; the caller waits for the parts that helpers claimed. */
    private static final class Job implements Runnable {
        private final int parts;
        private final IntConsumer part;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch left;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int parts, IntConsumer part) {
            this.parts = parts;
            this.part = part;
            this.left = new CountDownLatch(parts);
        }

        @Override
        public void run() {
            run(null);
        }

        /**
         * Claims and runs parts until none is left to claim. {@code beforeLast}, unless null, runs
         * once, before the part this thread runs last is counted as done, so that it comes before
         * anything the job's caller does next; returns whether it ran (not if this thread claimed
         * no part).
         */
        boolean run(Runnable beforeLast) {
            boolean ran = false;
            for (int i = next.getAndIncrement(); i < parts; i = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        part.accept(i);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (beforeLast != null && !ran && next.get() >= parts) {
                        beforeLast.run();
                        ran = true;
                    }
                    left.countDown();
                }
            }
            return ran;
        }

        void await() {
            boolean interrupted = false;
            // The helpers write into the caller's output, so the caller may not leave before them.
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (left.getCount() > 0 && System.nanoTime() - deadline < 0) {
                Thread.yield();
            }
            while (true) {
                try {
                    left.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
    }
}
