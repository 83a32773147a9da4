package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which element a max pooling window picks (PyTorch's rule: the first largest in row-major order,
 * or the last NaN), seen through maxPool2dSelect of the elements' own indices, on 2 × 2 windows
 * (written out) and 3 × 3 ones (the general loop): ties, NaN first and last, all -∞, signed zeros,
 * the bottom row winning.
 */
class PoolingTiesTest {
    private static final double N = Double.NaN;
    private static final double I = Double.NEGATIVE_INFINITY;

    @ParameterizedTest
    @EnumSource(DType.class)
    void twoByTwoWindowsPickAsPyTorch(DType d) {
        Tensor x = Tensor.of(Shape.of(1, 1, 2, 12), new double[] {
            1, 1, N, 2, I, I, -0.0, 0.0, 0, 1, N, 5,
            0, 1, N, 1, I, I, 0.0, 0.0, 3, 2, 7, 8});
        // first of the tied 1s; the last NaN; the first -∞; the first zero (-0.0); the bottom's 3; the only NaN
        assertArrayEquals(new double[] {0, 14, 4, 6, 20, 10}, picked(x, 2, d), d + ": indices picked");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void threeByThreeWindowsPickAsPyTorch(DType d) {
        Tensor x = Tensor.of(Shape.of(1, 1, 3, 6), new double[] {
            1, 2, 2, 2, 2, 1,
            N, 0, N, 1, 2, 0,
            5, 5, 1, 0, 0, 0});
        // the last NaN of the first window; the first of the tied 2s of the second
        assertArrayEquals(new double[] {8, 3}, picked(x, 3, d), d + ": indices picked");
    }

    /** The flat index of the element each size × size window (stride size) of x picks, in dtype d. */
    private static double[] picked(Tensor x, int size, DType d) {
        double[] at = new double[x.shape().size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = i;
        }
        Tensor index = Tensor.of(x.shape(), at);
        Tensor out = new Pooling.MaxPool2dSelect(size, size).apply(List.of(x.to(d), index.to(d)));
        return out.to(DType.FLOAT64).toArray();
    }
}
