package io.fluxion.data;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.internal.Parallel;
import io.fluxion.tensor.internal.Storage;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The batches of a dataset's view gathered into buffers that the batches reuse (see
 * {@code io.fluxion.data.internal.ReusedBatches}): two pairs of x and y buffers taken in turn, plus one pair for a
 * smaller last batch. How a batch is gathered follows what the caller did with the last one:
 * <ul>
 *   <li>When the work between two calls handed no job to Fluxion's threads ({@link Parallel#jobs()}
 *       did not move; S4's step, whose products are too small to cut), the next batch is gathered
 *       ahead on the common fork-join pool while the caller works, on a core the caller leaves
 *       free; when none has started it yet, {@code join} runs it on the caller's thread.
 *   <li>When that work did use Fluxion's threads (the MLP's step cuts its products in two), the
 *       next batch is gathered when it is asked for, its rows shared out over those same threads.
 *       Gathered ahead, it took the core of the helper that the step's first product was waiting
 *       for: in the MLP's steady epochs on the README's 2-core machine, the helper then took no
 *       part in 27-46% of the large products, each of which ran whole on the caller (240-300 µs
 *       instead of 135-175 µs), and in 11-19% gathered this way; epochs alternating between the
 *       two in one JVM took 12-15% less in float32 and 0-5% less in float64. S4's epochs,
 *       gathered this way, took 9-28% more (the overlap lost), hence the rule.
 * </ul>
 * Batches under {@link #AHEAD_MIN_DOUBLES} elements are gathered in {@code next()} on the
 * caller's thread: handing a task to another thread costs microseconds, more than copying a few
 * rows. Either way the batches hold the same bits.
 *
 * <p>Why reused buffers: a fresh 627 KB array per MNIST batch of 100 costs more than copying the rows into it:
 * the JVM zeroes it, and while the heap grows the kernel maps its pages in on first touch. Measured
 * on a shared 2-core machine, thread CPU time per batch: about 110 to 210 µs with a fresh array
 * (and up to 2 ms in early epochs), 60 to 100 µs copying into a reused one.
 */
final class GatheredBatches implements Iterator<Batch> {
    /** The size of a batch (x and y, in doubles) from which it is gathered ahead or shared out: 64 KB. */
    static final long AHEAD_MIN_DOUBLES = 8192;

    private final Rows x;
    private final Rows y;
    private final int[] rows;
    private final int batchSize;
    private final int count;
    private final boolean ahead;
    /** Buffer pairs {x, y}, by slot: 0 and 1 for full batches in turn, 2 for a smaller last one. */
    private final io.fluxion.data.internal.GatherBuffers pairs;
    /** The threads a training step cuts its work over, whose jobs tell how to gather. */
    private final Parallel parallel;
    /** The gather of batch {@code next}, running or done; null before the first. */
    private ForkJoinTask<Batch> pending;
    private int next;
    /** {@link Parallel#jobs()} when the last batch was handed out; -1 before the first. */
    private long jobsSeen = -1;

    GatheredBatches(Rows x, Rows y, int[] rows, int batchSize, boolean dropLast,
            io.fluxion.data.internal.GatherBuffers pairs) {
        this(x, y, rows, batchSize, dropLast, pairs, Parallel.shared());
    }

    /** As above, gathering over {@code parallel}'s threads (tests give threads of their own). */
    GatheredBatches(Rows x, Rows y, int[] rows, int batchSize, boolean dropLast,
            io.fluxion.data.internal.GatherBuffers pairs, Parallel parallel) {
        this.parallel = parallel;
        this.pairs = pairs;
        this.x = x;
        this.y = y;
        this.rows = rows;
        this.batchSize = batchSize;
        this.count = dropLast ? rows.length / batchSize : (rows.length + batchSize - 1) / batchSize;
        long width = (long) x.width() + y.width();
        this.ahead = (long) batchSize * width >= AHEAD_MIN_DOUBLES;
        pairs.settle();
    }

    @Override
    public boolean hasNext() {
        return next < count;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("ReusedBatches: all " + count + " batches were taken");
        }
        boolean stepShares = jobsSeen >= 0 && parallel.jobs() != jobsSeen;
        Batch b = pending != null ? pending.join() : gather(next, ahead && stepShares ? parallel : null);
        next++;
        // The batch returned before this one is released by this call, so its pair may be refilled.
        pending = ahead && !stepShares && hasNext() ? ForkJoinPool.commonPool().submit(gatherTask(next)) : null;
        if (pending != null) {
            pairs.started(pending);
        }
        jobsSeen = parallel.jobs();
        return b;
    }

    private ForkJoinTask<Batch> gatherTask(int index) {
        return ForkJoinTask.adapt(() -> gather(index, null));
    }

    /** Batch {@code index}, gathered into its pair of buffers, its rows shared out over {@code over} unless null. */
    private Batch gather(int index, Parallel over) {
        int from = index * batchSize;
        int n = Math.min(batchSize, rows.length - from);
        int slot = n < batchSize ? 2 : index % 2;
        Shape xs = x.shape().with(0, n);
        Shape ys = y.shape().with(0, n);
        Buffer[] b = pairs.pair(slot, xs, x.dtype(), ys, y.dtype(),
                () -> new Buffer[] {Buffer.of(xs, x.dtype()), Buffer.of(ys, y.dtype())});
        if (over == null) {
            x.copy(rows, from, n, b[0], 0);
            y.copy(rows, from, n, b[1], 0);
        } else {
            int parts = Math.min(over.threads(), n);
            over.run(parts, p -> {
                int lo = (int) ((long) n * p / parts);
                int hi = (int) ((long) n * (p + 1) / parts);
                x.copy(rows, from + lo, hi - lo, b[0], lo);
                y.copy(rows, from + lo, hi - lo, b[1], lo);
            });
        }
        return new Batch(Storage.view(b[0]), Storage.view(b[1]), index);
    }
}
