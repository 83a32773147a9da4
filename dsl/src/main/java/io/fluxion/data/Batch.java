package io.fluxion.data;

import io.fluxion.tensor.Tensor;
import java.io.Serializable;

/**
 * One mini-batch of an epoch: the inputs and targets of a few examples, materialised.
 *
 * <pre>{@code for (Batch b : data.epoch(32, seed)) { step(b.x(), b.y()); }}</pre>
 *
 * @param x inputs, examples along the first axis
 * @param y targets, as many examples as {@code x}
 * @param index the position of this batch in its epoch, from 0
 */
public record Batch(Tensor x, Tensor y, int index) implements Serializable {

    /** Checks that x and y hold the same number of examples and that the index is not negative. */
    public Batch {
        Dataset.checkPair("Batch", x, y);
        if (index < 0) {
            throw new IllegalArgumentException("Batch: index must be at least 0, got " + index);
        }
    }

    /** The number of examples in this batch (the last of an epoch may be smaller than the others). */
    public int size() {
        return x.shape().dim(0);
    }

    /** Serialises as plain arrays, rebuilt through {@link Tensor#of}, which checks each against its shape. */
    private Object writeReplace() {
        return new Proxy(TensorData.of(x), TensorData.of(y), index);
    }

    /** The serialised form: plain arrays, rebuilt through the checking constructor. */
    private record Proxy(TensorData x, TensorData y, int index) implements Serializable {
        private Object readResolve() {
            return new Batch(x.toTensor(), y.toTensor(), index);
        }
    }
}
