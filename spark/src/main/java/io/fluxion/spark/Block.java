package io.fluxion.spark;

import io.fluxion.data.Batch;
import java.io.Serial;
import java.io.Serializable;

/**
 * What reading a partition's rows gives, cached on the executors: blocks of examples, or, where a
 * row is bad, the error that names it (and nothing of the partition after it). A bad row is the
 * same on every attempt, so it travels to the driver as data rather than failing the task, which
 * Spark would retry (four times on a cluster) before reporting it.
 */
sealed interface Block extends Serializable {

    /** A block of examples, stacked along the first axis. */
    record Examples(Batch batch) implements Block {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** The first bad row of the partition, as the error that names it. */
    record Bad(RuntimeException error) implements Block {
        @Serial
        private static final long serialVersionUID = 1L;
    }
}
