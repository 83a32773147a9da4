package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.tensor.Tensor;

/** Exact comparison of tensors through the stable public API: dimensions and the bits of every element. */
final class Bits {

    private Bits() {}

    static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape().dims(), actual.shape().dims(), what + ": dimensions");
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        if (expected.dtype() == io.fluxion.tensor.DType.FLOAT32) {
            float[] e = expected.toFloatArray();
            float[] a = actual.toFloatArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]),
                        what + ": element " + i + " should be " + e[i] + ", is " + a[i]);
            }
            return;
        }
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]),
                    what + ": element " + i + " should be " + e[i] + ", is " + a[i]);
        }
    }
}
