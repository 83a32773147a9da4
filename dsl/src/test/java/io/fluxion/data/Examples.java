package io.fluxion.data;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.Arrays;

/** Small datasets whose rows say which example they are, so views can be checked row by row. */
final class Examples {

    private Examples() {}

    /** n examples: x row i is {@code [i, 100 + i]}, y element i is {@code i}. */
    static Dataset numbered(int n) {
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 100 + i;
            y[i] = i;
        }
        return Dataset.of(Tensor.of(Shape.of(n, 2), x), Tensor.of(Shape.of(n), y));
    }

    /** The example numbers of a dataset, in its order, after checking x and y still agree row by row. */
    static int[] ids(Dataset d) {
        return ids(d.x(), d.y());
    }

    /** The example numbers of a batch or of x, y tensors taken from a numbered dataset. */
    static int[] ids(Tensor x, Tensor y) {
        double[] xs = x.toArray();
        double[] ys = y.toArray();
        int[] out = new int[ys.length];
        for (int i = 0; i < ys.length; i++) {
            if (xs[2 * i] != ys[i] || xs[2 * i + 1] != 100 + ys[i]) {
                throw new AssertionError("row " + i + " of x " + Arrays.toString(Arrays.copyOfRange(xs, 2 * i, 2 * i + 2))
                        + " does not belong with y " + ys[i]);
            }
            out[i] = (int) ys[i];
        }
        return out;
    }

    /** 0, 1, ..., n-1. */
    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        Arrays.setAll(r, i -> from + i);
        return r;
    }
}
