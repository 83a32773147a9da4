package io.fluxion.data.internal;

import io.fluxion.data.Batch;
import io.fluxion.data.Dataset;
import java.util.Iterator;
import java.util.Objects;

/**
 * Fluxion's own way to a dataset's batches gathered into reused buffers, for training's epochs;
 * not API (this package is not exported): a batch is valid only until the next is asked for,
 * which only a loop that is done with each batch before the next, as an epoch's, can promise.
 * Users get immutable batches from {@link Dataset#batches(int)}. The way in is set by
 * {@link Dataset} when it is loaded, as the JDK's {@code SharedSecrets} do.
 */
public final class ReusedBatches {
    /** How {@link Dataset} gathers its batches into reused buffers. */
    @FunctionalInterface
    public interface Access {
        /** {@code data}'s batches of {@code batchSize}, gathered into buffers of {@code buffers} reused from batch to batch. */
        Iterator<Batch> reusedBatches(Dataset data, int batchSize, boolean dropLast, GatherBuffers buffers);
    }

    private static volatile Access access;

    private ReusedBatches() {}

    /**
     * Set once, by {@link Dataset}'s initialiser.
     *
     * @throws IllegalStateException if already set
     */
    public static synchronized void set(Access a) {
        if (access != null) {
            throw new IllegalStateException("ReusedBatches: the access is set already");
        }
        access = Objects.requireNonNull(a, "ReusedBatches: access");
    }

    /**
     * The batches of {@code data.batches(batchSize, dropLast)}, in the same order with the same
     * rows, gathered into buffers reused from batch to batch: a batch is valid until the next call
     * of {@code next()}, while the next (from 64 KB up) is gathered on the common fork-join pool.
     *
     * @throws IllegalArgumentException if batchSize is below 1
     */
    public static Iterator<Batch> of(Dataset data, int batchSize, boolean dropLast) {
        return of(data, batchSize, dropLast, new GatherBuffers());
    }

    /**
     * As {@link #of(Dataset, int, boolean)}, gathered into {@code buffers}, which a run of epochs
     * keeps from one epoch to the next, so that only its first epoch allocates them. The batches
     * of an earlier iterator over the same buffers are overwritten.
     */
    public static Iterator<Batch> of(Dataset data, int batchSize, boolean dropLast, GatherBuffers buffers) {
        // data is a Dataset, so its class is initialised, and has set the access.
        return access.reusedBatches(data, batchSize, dropLast, buffers);
    }
}
