package io.fluxion.spark;

/**
 * How a loss depends on the number of examples in a batch, which says how the losses of
 * partitions add up to the loss over all rows: a mean (MSE, cross-entropy) is weighted by each
 * partition's example count, a sum (SSE) is added as it is.
 */
public enum LossReduction {
    /** The loss is a mean over the batch's examples. */
    MEAN,
    /** The loss is a sum over the batch's examples. */
    SUM
}
