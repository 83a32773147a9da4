// float32: FloatReductionKernels is generated from this file (core/src/build).
package io.fluxion.op;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Lanes;
import io.fluxion.tensor.internal.Storage;

/** Kernels of the reductions that the shared loops do not cover. */
final class ReductionKernels {
    private ReductionKernels() {}

    /** out = the position of the first maximum along an axis (NaN counts as the maximum). */
    static void argmax(Tensor a, int axis, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatReductionKernels.argmax(a, axis, out); return; }
        double[] x = Storage.read(a);
        double[] z = Storage.write(out);
        Lanes l = Lanes.of(a.shape(), axis);
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                int base = l.start(o, i);
                int best = 0;
                double max = x[base];
                for (int t = 1; t < l.length(); t++) {
                    double v = x[base + t * l.inner()];
                    if (v > max || (Double.isNaN(v) && !Double.isNaN(max))) {
                        max = v;
                        best = t;
                    }
                }
                z[o * l.inner() + i] = best;
            }
        }
    }
}
