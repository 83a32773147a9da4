package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Const;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sums over leading axes, whose kernel adds whole rows into the output (at offset 0, or at the
 * offset of an output row), against element-by-element sums in the same order, in both dtypes,
 * bit for bit.
 */
class SumRowsTest {

    @Test
    void sumsOverLeadingAxesAddRowsInOrderInBothDTypes() {
        Random r = new Random(12);
        Shape s = Shape.of(4, 3, 5);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
        }
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.of(s, d).to(dtype);
            for (int axis = 0; axis < 2; axis++) {
                Tensor got = Evaluate.evaluate(new Const(x).sum(axis), Bindings.empty());
                String what = "sum over axis " + axis + " in " + dtype;
                assertEquals(dtype, got.dtype(), what);
                int[] other = axis == 0 ? new int[] {3, 5} : new int[] {4, 5};
                for (int p = 0; p < other[0]; p++) {
                    for (int k = 0; k < other[1]; k++) {
                        double want = dtype == DType.FLOAT64 ? sum64(x, axis, p, k) : sum32(x, axis, p, k);
                        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got.get(p, k)),
                                what + " at " + p + "," + k);
                    }
                }
            }
        }
    }

    private static double sum64(Tensor x, int axis, int p, int k) {
        double s = 0;
        for (int t = 0; t < x.shape().dim(axis); t++) {
            s += axis == 0 ? x.get(t, p, k) : x.get(p, t, k);
        }
        return s;
    }

    private static double sum32(Tensor x, int axis, int p, int k) {
        float s = 0;
        for (int t = 0; t < x.shape().dim(axis); t++) {
            s += (float) (axis == 0 ? x.get(t, p, k) : x.get(p, t, k));
        }
        return s;
    }
}
