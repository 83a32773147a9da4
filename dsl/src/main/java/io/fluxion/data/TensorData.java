package io.fluxion.data;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.io.Serializable;

/**
 * A tensor's dimensions and elements in serialisable form, so that {@link Dataset} and
 * {@link Batch} can travel to Spark executors whatever {@link Tensor} itself implements.
 * Deserialising goes through {@link Tensor#of}, which checks that the two agree.
 */
record TensorData(int[] dims, double[] data) implements Serializable {

    static TensorData of(Tensor t) {
        return new TensorData(t.shape().dims(), t.toArray());
    }

    Tensor toTensor() {
        return Tensor.of(Shape.of(dims), data);
    }
}
