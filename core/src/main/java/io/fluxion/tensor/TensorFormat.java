package io.fluxion.tensor;

/** Prints tensors the way NumPy does, eliding the middle of large ones. */
final class TensorFormat {
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static String format(Tensor t) {
        Shape s = t.shape;
        double[] d = t.m.data;
        return switch (s.rank()) {
            case 0 -> number(d[0]);
            case 1 -> row(d, 0, s.cols());
            default -> {
                StringBuilder b = new StringBuilder("[");
                for (int i = 0; i < s.rows(); i++) {
                    if (s.rows() > 2 * EDGE && i == EDGE) {
                        b.append("..., ");
                        i = s.rows() - EDGE;
                    }
                    b.append(row(d, i * s.cols(), s.cols()));
                    if (i < s.rows() - 1) {
                        b.append(", ");
                    }
                }
                yield b.append(']').toString();
            }
        };
    }

    private static String row(double[] d, int offset, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int j = 0; j < n; j++) {
            if (n > 2 * EDGE && j == EDGE) {
                b.append("..., ");
                j = n - EDGE;
            }
            b.append(number(d[offset + j]));
            if (j < n - 1) {
                b.append(", ");
            }
        }
        return b.append(']').toString();
    }
}
