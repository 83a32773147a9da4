package io.fluxion.tensor;

/**
 * Prints tensors the way NumPy does, nesting brackets by rank and eliding the middle of long axes;
 * a float32 tensor prints its floats (as {@link Float#toString} does, the shortest text that reads
 * back the same float) inside {@code float32(…)}.
 */
final class TensorFormat {
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static String number(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Float.toString(v);
    }

    static String format(Tensor t) {
        StringBuilder b = new StringBuilder();
        if (t.floats != null) {
            b.append("float32(");
        }
        // Recursion over the rank only (a handful of levels), never over elements.
        append(b, t, t.shape.dims(), t.shape.strides(), 0, 0);
        return t.floats != null ? b.append(')').toString() : b.toString();
    }

    private static void append(StringBuilder b, Tensor t, int[] dims, int[] strides, int axis, int offset) {
        if (axis == dims.length) {
            b.append(t.floats != null ? number(t.floats[offset]) : number(t.data[offset]));
            return;
        }
        b.append('[');
        int n = dims[axis];
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE && i == EDGE) {
                b.append("..., ");
                i = n - EDGE;
            }
            append(b, t, dims, strides, axis + 1, offset + i * strides[axis]);
            if (i < n - 1) {
                b.append(", ");
            }
        }
        b.append(']');
    }
}
