// float32: FloatStructureKernels is generated from this file (core/src/build).
package io.fluxion.op;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Lanes;
import io.fluxion.tensor.internal.Storage;
import java.util.Arrays;

/** Kernels that move blocks of elements along an axis: slices, pads, joins, gathers and one-hot rows. */
final class StructureKernels {
    private StructureKernels() {}

    /** out = the elements from {@code from} along an axis of a, as many as out holds along it. */
    static void slice(Tensor a, int axis, int from, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatStructureKernels.slice(a, axis, from, out); return; }
        double[] x = Storage.read(a);
        double[] z = Storage.write(out);
        Lanes in = Lanes.of(a.shape(), axis);
        Lanes o = Lanes.of(out.shape(), axis);
        int block = o.length() * o.inner();
        for (int i = 0; i < o.outer(); i++) {
            System.arraycopy(x, in.start(i, 0) + from * in.inner(), z, i * block, block);
        }
    }

    /** out = zeros with a placed at {@code from} along an axis. */
    static void pad(Tensor a, int axis, int from, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatStructureKernels.pad(a, axis, from, out); return; }
        Arrays.fill(Storage.write(out), 0.0);
        place(a, axis, from, out);
    }

    /** out = the parts joined along an axis. */
    static void concat(Tensor[] parts, int axis, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatStructureKernels.concat(parts, axis, out); return; }
        int offset = 0;
        for (Tensor p : parts) {
            place(p, axis, offset, out);
            offset += p.shape().dim(axis);
        }
    }

    private static void place(Tensor a, int axis, int from, Buffer out) {
        double[] x = Storage.read(a);
        double[] z = Storage.write(out);
        Lanes in = Lanes.of(a.shape(), axis);
        Lanes o = Lanes.of(out.shape(), axis);
        int block = in.length() * in.inner();
        for (int i = 0; i < in.outer(); i++) {
            System.arraycopy(x, i * block, z, o.start(i, 0) + from * o.inner(), block);
        }
    }

    /** out = the slices of a at each index along an axis. */
    static void take(Tensor a, Tensor indices, int axis, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatStructureKernels.take(a, indices, axis, out); return; }
        double[] x = Storage.read(a);
        double[] idx = Storage.read(indices);
        double[] z = Storage.write(out);
        Lanes l = Lanes.of(a.shape(), axis);
        int inner = l.inner();
        int[] at = indices("take", idx, l.length());
        int zo = 0;
        for (int o = 0; o < l.outer(); o++) {
            for (int k : at) {
                System.arraycopy(x, l.start(o, 0) + k * inner, z, zo, inner);
                zo += inner;
            }
        }
    }

    /** out = zeros with each slice of g added at its index along an axis. */
    static void scatterAdd(Tensor g, Tensor indices, int axis, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatStructureKernels.scatterAdd(g, indices, axis, out); return; }
        double[] x = Storage.read(g);
        double[] idx = Storage.read(indices);
        double[] z = Storage.write(out);
        Arrays.fill(z, 0.0);
        Lanes l = Lanes.of(out.shape(), axis);
        int inner = l.inner();
        int[] at = indices("scatterAdd", idx, l.length());
        int xo = 0;
        for (int o = 0; o < l.outer(); o++) {
            for (int k : at) {
                int zo = l.start(o, 0) + k * inner;
                for (int i = 0; i < inner; i++) {
                    z[zo + i] += x[xo + i];
                }
                xo += inner;
            }
        }
    }

    /** out[..., j] = 1 where j is the class index a[...], else 0. */
    static void oneHot(Tensor a, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatStructureKernels.oneHot(a, out); return; }
        double[] x = Storage.read(a);
        double[] z = Storage.write(out);
        int n = out.shape().dim(-1);
        Arrays.fill(z, 0.0);
        int[] at = indices("oneHot", x, n);
        for (int i = 0; i < at.length; i++) {
            z[i * n + at[i]] = 1;
        }
    }

    /** The indices as ints, each a whole number in 0..length-1, or an error naming the operation and the element. */
    private static int[] indices(String op, double[] idx, int length) {
        int[] at = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            double v = idx[i];
            int k = (int) v;
            if (k != v || k < 0 || k >= length) {
                throw new IllegalArgumentException(op + ": element " + i + " of the indices is " + v
                        + ", not an index in 0.." + (length - 1));
            }
            at[i] = k;
        }
        return at;
    }
}
