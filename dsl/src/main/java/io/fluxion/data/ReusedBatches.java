package io.fluxion.data;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Storage;
import io.fluxion.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The batches of a dataset's view gathered into two buffers (x and y) that every batch reuses,
 * plus a second pair for a smaller last batch: see {@link Dataset#reusedBatches}.
 *
 * <p>Why: a fresh 627 KB array per MNIST batch of 100 costs more than copying the rows into it:
 * the JVM zeroes it, and while the heap grows the kernel maps its pages in on first touch. Measured
 * on a shared 2-core machine, thread CPU time per batch: about 110 to 210 µs with a fresh array
 * (and up to 2 ms in early epochs), 60 to 100 µs copying into a reused one.
 */
final class ReusedBatches implements Iterator<Batch> {
    private final Tensor x;
    private final Tensor y;
    private final int[] rows;
    private final int batchSize;
    private final int count;
    private Buffer[] full;
    private Buffer[] last;
    private int next;

    ReusedBatches(Tensor x, Tensor y, int[] rows, int batchSize, boolean dropLast) {
        this.x = x;
        this.y = y;
        this.rows = rows;
        this.batchSize = batchSize;
        this.count = dropLast ? rows.length / batchSize : (rows.length + batchSize - 1) / batchSize;
    }

    @Override
    public boolean hasNext() {
        return next < count;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("Dataset.reusedBatches: all " + count + " batches were taken");
        }
        int from = next * batchSize;
        int n = Math.min(batchSize, rows.length - from);
        Buffer[] b = n == batchSize ? (full = buffers(full, n)) : (last = buffers(last, n));
        gather(x, from, n, b[0]);
        gather(y, from, n, b[1]);
        return new Batch(b[0].view(), b[1].view(), next++);
    }

    private Buffer[] buffers(Buffer[] kept, int n) {
        return kept != null ? kept : new Buffer[] {Buffer.of(x.shape().with(0, n)), Buffer.of(y.shape().with(0, n))};
    }

    /** Copies the rows {@code rows[from .. from + n)} of t into out, in that order (as {@code Tensor.takeRows}). */
    private void gather(Tensor t, int from, int n, Buffer out) {
        double[] src = Storage.read(t);
        double[] dst = Storage.write(out);
        int width = src.length / t.shape().dim(0);
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, rows[from + i] * width, dst, i * width, width);
        }
    }
}
