package io.fluxion.train;

/**
 * How a step cuts its batch to run on every core: into 2, 4 or 8 shards of at least 32 rows, as
 * even as the rows allow, decided by the number of rows alone. The bits of a step therefore never
 * depend on the number of cores or threads, only on the batch size, as Fluxion's cut products do.
 * Batches of more than {@link #MAX_ROWS} rows are not cut: each shard copies its rows, and a batch
 * that large already runs on every core through its products (cut by shape) and fused loops.
 */
final class Shards {
    /** Fewer rows per shard than this would spend more on starting a shard than it saves. */
    static final int MIN_ROWS = 32;
    /** A power of two, so that the shards share out evenly over 2, 4 or 8 cores. */
    static final int MAX_SHARDS = 8;
    /** The most rows a step cuts: a full-batch step of 60,000 MNIST rows copied 376 MB a step. */
    static final int MAX_ROWS = 1024;

    private final int[] first;
    private final int[] rows;
    private final int total;

    private Shards(int total, int count) {
        this.total = total;
        first = new int[count];
        rows = new int[count];
        int at = 0;
        for (int k = 0; k < count; k++) {
            first[k] = at;
            rows[k] = total / count + (k < total % count ? 1 : 0);
            at += rows[k];
        }
    }

    /** The shards of a batch of {@code total} rows: one (the batch itself) below 64 rows and above {@link #MAX_ROWS}. */
    static Shards of(int total) {
        int count = total < 2 * MIN_ROWS || total > MAX_ROWS ? 1
                : Math.min(MAX_SHARDS, Integer.highestOneBit(total / MIN_ROWS));
        return new Shards(total, count);
    }

    /** How many shards. */
    int count() {
        return first.length;
    }

    /** The first row of shard k. */
    int first(int k) {
        return first[k];
    }

    /** The rows of shard k. */
    int rows(int k) {
        return rows[k];
    }

    /** The rows of the whole batch. */
    int total() {
        return total;
    }
}
