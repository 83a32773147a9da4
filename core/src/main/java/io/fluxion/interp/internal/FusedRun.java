// float32: FloatFusedRun is generated from this file (core/src/build).
package io.fluxion.interp.internal;

import io.fluxion.expr.BlockKernel;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.internal.Storage;
import io.fluxion.tensor.Tensor;
import java.util.Arrays;

/** The scratch blocks and operand tables of one run of a {@link Fused} loop at a time. */
public final class FusedRun implements Fused.Loop {
    private final Fused f;
    private final Fused.Part[] parts;
    /** Per part, its kernel, if it is a kernel part. */
    private final BlockKernel[] kernels;
    private final int block;
    private final double[][] scratch;
    private final double[][] raw;
    /** Per part, the array holding its current block from index 0. */
    private final double[][] arr;
    private final double[][][] partIn;

    public FusedRun(Fused f) {
        this.f = f;
        this.parts = f.parts();
        this.block = Math.min(Fused.BLOCK, f.shape().size());
        this.scratch = new double[f.scratches()][block];
        this.raw = new double[f.inputSlots().length][];
        this.arr = new double[parts.length][];
        this.partIn = new double[parts.length][][];
        this.kernels = new BlockKernel[parts.length];
        for (int p = 0; p < parts.length; p++) {
            partIn[p] = new double[parts[p].args().length][];
            kernels[p] = BlockKernel.class.cast(parts[p].kernel());
        }
    }

    @Override
    public void release() {
        Arrays.fill(raw, null);
        Arrays.fill(arr, null);
        for (double[][] in : partIn) {
            Arrays.fill(in, null);
        }
    }

    @Override
    public void run(Tensor[] args, Buffer out, boolean check, int from, int to) {
        double[] z = Storage.write(out);
        for (int j = 0; j < raw.length; j++) {
            raw[j] = Storage.read(args[j]);
        }
        for (int p = 0; p < parts.length; p++) {
            if (parts[p].kind() == Fused.SCALAR) {
                arr[p] = scratch[f.scratchOf()[p]];
                Arrays.fill(arr[p], raw[parts[p].input()][0]);
            }
        }
        int last = parts.length - 1;
        int failPart = -1;
        int failRank = Integer.MAX_VALUE;
        int failAt = -1;
        double failValue = 0;
        for (int start = from; start < to; start += block) {
            int n = Math.min(block, to - start);
            for (int p = 0; p < parts.length; p++) {
                Fused.Part part = parts[p];
                switch (part.kind()) {
                    case Fused.READ -> arr[p] = read(raw[part.input()], start + part.offset(), n, p);
                    case Fused.KERNEL -> {
                        double[][] pin = partIn[p];
                        int[] a = part.args();
                        for (int j = 0; j < a.length; j++) {
                            pin[j] = arr[a[j]];
                        }
                        double[] dst = p == last && start == 0 ? z : scratch[f.scratchOf()[p]];
                        kernels[p].apply(pin, dst, n);
                        arr[p] = dst;
                    }
                    case Fused.SHIFT -> arr[p] = shift(part, start, n, p);
                    default -> { }
                }
                // Stop at the unfused program's first failing instruction, and its first bad element.
                if (check && part.slot() >= 0 && part.rank() <= failRank) {
                    int at = firstNonFinite(arr[p], start + part.offset(), n, part.shape().size());
                    if (at >= 0 && (part.rank() < failRank || at < failAt)) {
                        failPart = p;
                        failRank = part.rank();
                        failAt = at;
                        failValue = arr[p][at - start - part.offset()];
                    }
                }
            }
            if (arr[last] != z) {
                System.arraycopy(arr[last], 0, z, start, n);
            }
        }
        if (failPart >= 0) {
            Fused.Part p = parts[failPart];
            throw new ArithmeticException("v" + p.slot() + " = " + p.label() + " produced " + failValue
                    + " at element " + failAt + " of shape " + p.shape());
        }
    }

    /** The first position of a NaN or infinity in a block of positions {@code from …}, within 0 … size; else -1. */
    private static int firstNonFinite(double[] d, int from, int n, int size) {
        int lo = Math.max(0, -from);
        int hi = Math.min(n, size - from);
        for (int i = lo; i < hi; i++) {
            if (!Double.isFinite(d[i])) {
                return from + i;
            }
        }
        return -1;
    }

    /** Positions {@code from …} of x: x itself when that is its start, else copied, with zeros outside x. */
    private double[] read(double[] x, int from, int n, int p) {
        if (from == 0 && n <= x.length) {
            return x;
        }
        double[] s = scratch[f.scratchOf()[p]];
        int lo = Math.max(0, Math.min(n, -from));
        int hi = Math.max(lo, Math.min(n, x.length - from));
        Arrays.fill(s, 0, lo, 0.0);
        // A block wholly outside x copies nothing, from a position outside x that arraycopy refuses.
        if (hi > lo) {
            System.arraycopy(x, from + lo, s, lo, hi - lo);
        }
        Arrays.fill(s, hi, n, 0.0);
        return s;
    }

    /**
     * A shift's block: its argument's block (computed at the shifted positions), with zeros where
     * those positions fall outside the argument; the argument's own array when none does.
     */
    private double[] shift(Fused.Part part, int start, int n, int p) {
        int a = part.args()[0];
        int from = start + part.offset() - part.shift();
        int size = parts[a].shape().size();
        int lo = Math.max(0, Math.min(n, -from));
        int hi = Math.max(lo, Math.min(n, size - from));
        if (lo == 0 && hi == n) {
            return arr[a];
        }
        double[] s = scratch[f.scratchOf()[p]];
        Arrays.fill(s, 0, lo, 0.0);
        System.arraycopy(arr[a], lo, s, lo, hi - lo);
        Arrays.fill(s, hi, n, 0.0);
        return s;
    }
}
