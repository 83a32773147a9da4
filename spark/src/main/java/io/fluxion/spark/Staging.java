package io.fluxion.spark;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Where a block's rows wait until the block is complete: in chunks of {@link #CHUNK} rows, so that
 * a block is allocated once its row count is known, exactly that large, and filled by one copy.
 * A partition's row count is not known until its last row is read, and the blocks are cached for
 * the whole training, so allocating a block for 4,096 rows and trimming it, or growing it by
 * doubling, allocated half as much again as the data (at first touch of fresh memory, which
 * dominates the first epoch).
 *
 * <p>One partition is read by one thread, which takes a staging when it starts and gives it back
 * when the partition is read; idle stagings are kept (softly, a few) for the next partition of
 * the same widths, so an executor allocates staging once per concurrent task rather than once
 * per partition.
 */
final class Staging {
    /** Rows per chunk: small enough that a partition of a few rows stages little. */
    static final int CHUNK = 64;

    /** Idle stagings, most recently used first. */
    private static final Deque<SoftReference<Staging>> IDLE = new ArrayDeque<>();

    /** The most idle stagings kept: one per task an executor runs at once is all that is reused. */
    private static final int MOST_IDLE = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final int xw;
    private final int yw;
    private final List<double[]> x = new ArrayList<>();
    private final List<double[]> y = new ArrayList<>();

    private Staging(int xw, int yw) {
        this.xw = xw;
        this.yw = yw;
    }

    /** An idle staging for rows of these widths (x and y values per row), or a new one. */
    static Staging take(int xw, int yw) {
        synchronized (IDLE) {
            for (Iterator<SoftReference<Staging>> it = IDLE.iterator(); it.hasNext(); ) {
                Staging s = it.next().get();
                if (s == null) {
                    it.remove();
                } else if (s.xw == xw && s.yw == yw) {
                    it.remove();
                    return s;
                }
            }
        }
        return new Staging(xw, yw);
    }

    /** Makes this staging idle, for the next partition; its holder must not use it after. */
    void release() {
        synchronized (IDLE) {
            IDLE.addFirst(new SoftReference<>(this));
            while (IDLE.size() > MOST_IDLE) {
                IDLE.removeLast();
            }
        }
    }

    /** The chunk that holds row {@code row}'s x values, allocated when first needed. */
    double[] xChunk(int row) {
        return chunk(x, row, xw);
    }

    /** The chunk that holds row {@code row}'s y values, allocated when first needed. */
    double[] yChunk(int row) {
        return chunk(y, row, yw);
    }

    /** Where row {@code row}'s x values start in its chunk. */
    int xOffset(int row) {
        return row % CHUNK * xw;
    }

    /** Where row {@code row}'s y values start in its chunk. */
    int yOffset(int row) {
        return row % CHUNK * yw;
    }

    /** The first {@code shape.size() / xw} rows' x values as a tensor of that shape: one allocation, one copy. */
    Tensor x(Shape shape) {
        return stacked(x, shape, xw);
    }

    /** The first {@code shape.size() / yw} rows' y values as a tensor of that shape. */
    Tensor y(Shape shape) {
        return stacked(y, shape, yw);
    }

    private static double[] chunk(List<double[]> chunks, int row, int width) {
        int c = row / CHUNK;
        if (c == chunks.size()) {
            chunks.add(new double[CHUNK * width]);
        }
        return chunks.get(c);
    }

    private static Tensor stacked(List<double[]> chunks, Shape shape, int width) {
        Buffer b = Buffer.of(shape);
        double[] into = Storage.write(b);
        int values = shape.size();
        int whole = CHUNK * width;
        for (int c = 0, at = 0; at < values; c++, at += whole) {
            System.arraycopy(chunks.get(c), 0, into, at, Math.min(whole, values - at));
        }
        return Storage.view(b);
    }
}
