package io.fluxion.data;

import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.io.Serializable;

/**
 * A tensor's dimensions, dtype and elements in serialisable form, so that {@link Dataset} and
 * {@link Batch} can travel to Spark executors whatever {@link Tensor} itself implements.
 * Deserialising goes through {@link Tensor#of}, which checks that the two agree. A float32 tensor
 * travels as floats (half the bytes), a float64 one as doubles; the other array is empty.
 */
record TensorData(int[] dims, DType dtype, double[] doubles, float[] floats) implements Serializable {

    static TensorData of(Tensor t) {
        return t.dtype() == DType.FLOAT32
                ? new TensorData(t.shape().dims(), DType.FLOAT32, new double[0], t.toFloatArray())
                : new TensorData(t.shape().dims(), DType.FLOAT64, t.toArray(), new float[0]);
    }

    Tensor toTensor() {
        return dtype == DType.FLOAT32 ? Tensor.of(Shape.of(dims), floats) : Tensor.of(Shape.of(dims), doubles);
    }
}
