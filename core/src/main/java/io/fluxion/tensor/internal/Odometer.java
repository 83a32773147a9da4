package io.fluxion.tensor.internal;

import io.fluxion.tensor.Shape;

/**
 * The walk every strided kernel shares: over the rows of an iteration space, keeping each
 * operand's offset, with the innermost axis left to the kernel's own tight loop.
 *
 * <p>Axes of length 1 are dropped and adjacent axes that every operand steps through contiguously
 * are merged first, so that a same-shape operation is one long row and a row broadcast over a
 * matrix is one row per matrix row, at any rank.
 */
final class Odometer {
    /** The dimensions after merging; at least one. */
    final int[] dims;
    /** Per operand, the step along each merged axis (0 where the operand is broadcast). */
    final int[][] strides;
    /** Per operand, the offset of the current row. */
    final int[] offsets;
    private final int[] index;

    /** An iteration over {@code dims}, each operand stepping by its own strides along those axes. */
    Odometer(int[] dims, int[]... strides) {
        int k = strides.length;
        int[] d = new int[dims.length + 1];
        int[][] s = new int[k][dims.length + 1];
        int r = 0;
        // Build from the innermost axis outwards; a fake axis of 1 keeps the walk non-empty.
        d[0] = 1;
        r = 1;
        boolean placed = false;
        for (int ax = dims.length - 1; ax >= 0; ax--) {
            if (dims[ax] == 1) {
                continue;
            }
            boolean merge = placed;
            for (int j = 0; j < k && merge; j++) {
                merge = strides[j][ax] == s[j][r - 1] * d[r - 1];
            }
            if (merge) {
                d[r - 1] *= dims[ax];
            } else if (!placed) {
                d[0] = dims[ax];
                for (int j = 0; j < k; j++) {
                    s[j][0] = strides[j][ax];
                }
            } else {
                d[r] = dims[ax];
                for (int j = 0; j < k; j++) {
                    s[j][r] = strides[j][ax];
                }
                r++;
            }
            placed = true;
        }
        // Reverse into outer-to-inner order.
        this.dims = new int[r];
        this.strides = new int[k][r];
        for (int i = 0; i < r; i++) {
            this.dims[i] = d[r - 1 - i];
            for (int j = 0; j < k; j++) {
                this.strides[j][i] = s[j][r - 1 - i];
            }
        }
        this.offsets = new int[k];
        this.index = new int[r];
    }

    /** The length of a row (the innermost axis). */
    int inner() {
        return dims[dims.length - 1];
    }

    /** Operand j's step along a row. */
    int step(int j) {
        return strides[j][dims.length - 1];
    }

    /** The number of rows. */
    int rows() {
        int n = 1;
        for (int i = 0; i < dims.length - 1; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** Moves every offset to the next row. */
    void next() {
        for (int ax = dims.length - 2; ax >= 0; ax--) {
            index[ax]++;
            for (int j = 0; j < offsets.length; j++) {
                offsets[j] += strides[j][ax];
            }
            if (index[ax] < dims[ax]) {
                return;
            }
            for (int j = 0; j < offsets.length; j++) {
                offsets[j] -= strides[j][ax] * dims[ax];
            }
            index[ax] = 0;
        }
    }

    /** An iteration over {@code out}'s positions, each operand of {@code ins} broadcast to it. */
    static Odometer broadcasting(Shape out, Shape... ins) {
        int[][] strides = new int[ins.length][];
        for (int k = 0; k < ins.length; k++) {
            strides[k] = broadcastStrides(ins[k], out);
        }
        return new Odometer(out.dims(), strides);
    }

    /** The strides of {@code in} along the axes of {@code out} it broadcasts to: 0 where it is stretched or absent. */
    static int[] broadcastStrides(Shape in, Shape out) {
        int r = out.rank();
        int[] s = new int[r];
        int[] own = in.strides();
        int shift = r - in.rank();
        for (int ax = shift; ax < r; ax++) {
            s[ax] = in.dim(ax - shift) == 1 ? 0 : own[ax - shift];
        }
        return s;
    }
}
