package io.fluxion.tensor;

import java.util.ArrayList;

/**
 * Prints tensors the way NumPy does, nesting brackets by rank. Two forms: the readable one of
 * {@link Tensor#toString} ({@code Tensor([[1, 2.5], [3, 4]], shape=(2, 2), dtype=float64)}, one
 * row per line with the columns aligned, every element up to {@value #THRESHOLD} of them and the
 * first and last {@value #EDGE} along each axis beyond, as NumPy's {@code repr}; a scalar is its
 * number, as a NumPy scalar prints, so {@code "loss " + t} reads as it should), and the compact
 * one-line form that programs print for constants ({@code [1, 2.5]}, {@code float32(3)}), which
 * always elides the middle of long axes. A float32 element prints as {@link Float#toString} does,
 * the shortest text that reads back the same float.
 */
final class TensorFormat {
    private static final int EDGE = 3;
    /** NumPy's print threshold: larger tensors are summarised. */
    private static final int THRESHOLD = 1000;
    private static final String OPEN = "Tensor(";

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

    /** The compact one-line form. */
    static String compact(Tensor t) {
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
            b.append(element(t, offset));
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

    /** The readable form, with shape and dtype; a scalar is its number, as NumPy prints a scalar. */
    static String readable(Tensor t) {
        if (t.shape.isScalar()) {
            return compact(t);
        }
        int[] dims = t.shape.dims();
        int[] strides = t.shape.strides();
        boolean summarise = t.shape.size() > THRESHOLD;
        ArrayList<String> texts = new ArrayList<>();
        collect(texts, t, dims, strides, 0, 0, summarise);
        int width = 0;
        for (String s : texts) {
            width = Math.max(width, s.length());
        }
        StringBuilder b = new StringBuilder(OPEN);
        layout(b, texts.iterator(), width, dims, 0, summarise);
        return b.append(", shape=").append(t.shape).append(", dtype=").append(t.dtype()).append(')').toString();
    }

    /** The text of every element shown, in row-major order. */
    private static void collect(ArrayList<String> out, Tensor t, int[] dims, int[] strides, int axis, int offset,
            boolean summarise) {
        if (axis == dims.length) {
            out.add(element(t, offset));
            return;
        }
        int n = dims[axis];
        for (int i = 0; i < n; i++) {
            if (summarise && n > 2 * EDGE && i == EDGE) {
                i = n - EDGE;
            }
            collect(out, t, dims, strides, axis + 1, offset + i * strides[axis], summarise);
        }
    }

    /**
     * Brackets around the texts, right-aligned to {@code width}: the innermost axis on one line,
     * each outer axis's items on lines of their own, a blank line more per level above the rows.
     */
    private static void layout(StringBuilder b, java.util.Iterator<String> texts, int width, int[] dims, int axis,
            boolean summarise) {
        if (axis == dims.length) {
            String s = texts.next();
            b.repeat(' ', width - s.length()).append(s);
            return;
        }
        b.append('[');
        int n = dims[axis];
        String between = "," + "\n".repeat(dims.length - axis - 1) + (axis == dims.length - 1 ? " " : "")
                + (axis < dims.length - 1 ? " ".repeat(OPEN.length() + axis + 1) : "");
        for (int i = 0; i < n; i++) {
            if (summarise && n > 2 * EDGE && i == EDGE) {
                b.append("...").append(between);
                i = n - EDGE;
            }
            layout(b, texts, width, dims, axis + 1, summarise);
            if (i < n - 1) {
                b.append(between);
            }
        }
        b.append(']');
    }

    private static String element(Tensor t, int offset) {
        return t.floats != null ? number(t.floats[offset]) : number(t.data[offset]);
    }
}
