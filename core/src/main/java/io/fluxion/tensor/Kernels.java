package io.fluxion.tensor;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The numerical kernels: the only code that reads tensor storage and writes buffers.
 *
 * <p>Every kernel takes its output as an explicit {@link Buffer} argument, sized by the caller
 * (EJML's style), so that compiled programs reuse their buffers. Axes are NumPy axes of the
 * input's shape; negative axes count from the end.
 */
public final class Kernels {

    private Kernels() {}

    /** out = f(a) element by element. */
    public static void map(Tensor a, DoubleUnaryOperator f, Buffer out) {
        double[] x = a.m.data;
        double[] y = out.m.data;
        int n = out.shape.size();
        for (int i = 0; i < n; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
    }

    // The common arithmetic has loops of its own: a generic kernel calls its operator once per
    // element through an interface, and once several operators have passed through it the call is
    // megamorphic (not inlined, not vectorised), which costs several times the arithmetic itself.

    private static final int ADD = 0;
    private static final int SUB = 1;
    private static final int MUL = 2;
    private static final int DIV = 3;

    /** out = a + b, broadcasting a and b to out's shape. */
    public static void add(Tensor a, Tensor b, Buffer out) {
        arithmetic(ADD, a, b, out);
    }

    /** out = a - b, broadcasting a and b to out's shape. */
    public static void sub(Tensor a, Tensor b, Buffer out) {
        arithmetic(SUB, a, b, out);
    }

    /** out = a * b element by element, broadcasting a and b to out's shape. */
    public static void mul(Tensor a, Tensor b, Buffer out) {
        arithmetic(MUL, a, b, out);
    }

    /** out = a / b element by element, broadcasting a and b to out's shape. */
    public static void div(Tensor a, Tensor b, Buffer out) {
        arithmetic(DIV, a, b, out);
    }

    /** out = -a. */
    public static void neg(Tensor a, Buffer out) {
        double[] x = a.m.data;
        double[] z = out.m.data;
        for (int i = 0, n = out.shape.size(); i < n; i++) {
            z[i] = -x[i];
        }
    }

    /** out = a². */
    public static void square(Tensor a, Buffer out) {
        double[] x = a.m.data;
        double[] z = out.m.data;
        for (int i = 0, n = out.shape.size(); i < n; i++) {
            z[i] = x[i] * x[i];
        }
    }

    /** out = e^a. */
    public static void exp(Tensor a, Buffer out) {
        double[] x = a.m.data;
        double[] z = out.m.data;
        for (int i = 0, n = out.shape.size(); i < n; i++) {
            z[i] = Math.exp(x[i]);
        }
    }

    /** A broadcasting binary operation as rows of strided loops (a stride is 0 along a broadcast dimension). */
    private static void arithmetic(int op, Tensor a, Tensor b, Buffer out) {
        double[] x = a.m.data;
        double[] y = b.m.data;
        double[] z = out.m.data;
        Shape s = out.shape;
        int n = s.size();
        int as = a.shape.size();
        int bs = b.shape.size();
        if ((as == n || as == 1) && (bs == n || bs == 1)) {
            row(op, x, 0, as == n ? 1 : 0, y, 0, bs == n ? 1 : 0, z, 0, n);
            return;
        }
        int cols = s.cols();
        int ars = a.shape.rows() == 1 ? 0 : a.shape.cols();
        int acs = a.shape.cols() == 1 ? 0 : 1;
        int brs = b.shape.rows() == 1 ? 0 : b.shape.cols();
        int bcs = b.shape.cols() == 1 ? 0 : 1;
        for (int i = 0, rows = s.rows(); i < rows; i++) {
            row(op, x, i * ars, acs, y, i * brs, bcs, z, i * cols, cols);
        }
    }

    /** z[zo + i] = x[xo + i·xs] op y[yo + i·ys] for i &lt; n, with strides 0 or 1. */
    private static void row(int op, double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n) {
        if (xs == 0 && ys == 0) {
            double c = switch (op) {
                case ADD -> x[xo] + y[yo];
                case SUB -> x[xo] - y[yo];
                case MUL -> x[xo] * y[yo];
                default -> x[xo] / y[yo];
            };
            Arrays.fill(z, zo, zo + n, c);
        } else if (xs == 1 && ys == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) z[zo + i] = x[xo + i] + y[yo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) z[zo + i] = x[xo + i] - y[yo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) z[zo + i] = x[xo + i] * y[yo + i]; }
                default -> { for (int i = 0; i < n; i++) z[zo + i] = x[xo + i] / y[yo + i]; }
            }
        } else if (ys == 0) {
            double c = y[yo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) z[zo + i] = x[xo + i] + c; }
                case SUB -> { for (int i = 0; i < n; i++) z[zo + i] = x[xo + i] - c; }
                case MUL -> { for (int i = 0; i < n; i++) z[zo + i] = x[xo + i] * c; }
                default -> { for (int i = 0; i < n; i++) z[zo + i] = x[xo + i] / c; }
            }
        } else {
            double c = x[xo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) z[zo + i] = c + y[yo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) z[zo + i] = c - y[yo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) z[zo + i] = c * y[yo + i]; }
                default -> { for (int i = 0; i < n; i++) z[zo + i] = c / y[yo + i]; }
            }
        }
    }

    /** out = f(a, b) element by element, broadcasting a and b to out's shape. */
    public static void zip(Tensor a, Tensor b, DoubleBinaryOperator f, Buffer out) {
        double[] x = a.m.data;
        double[] y = b.m.data;
        double[] z = out.m.data;
        Shape s = out.shape;
        if (a.shape.size() == s.size() && b.shape.size() == s.size()) {
            for (int i = 0, n = s.size(); i < n; i++) {
                z[i] = f.applyAsDouble(x[i], y[i]);
            }
            return;
        }
        if (b.shape.size() == 1 && a.shape.size() == s.size()) {
            double c = y[0];
            for (int i = 0, n = s.size(); i < n; i++) {
                z[i] = f.applyAsDouble(x[i], c);
            }
            return;
        }
        if (a.shape.size() == 1 && b.shape.size() == s.size()) {
            double c = x[0];
            for (int i = 0, n = s.size(); i < n; i++) {
                z[i] = f.applyAsDouble(c, y[i]);
            }
            return;
        }
        int rows = s.rows();
        int cols = s.cols();
        int ars = a.shape.rows() == 1 ? 0 : a.shape.cols();
        int acs = a.shape.cols() == 1 ? 0 : 1;
        int brs = b.shape.rows() == 1 ? 0 : b.shape.cols();
        int bcs = b.shape.cols() == 1 ? 0 : 1;
        for (int i = 0; i < rows; i++) {
            int ao = i * ars;
            int bo = i * brs;
            int zo = i * cols;
            for (int j = 0; j < cols; j++) {
                z[zo + j] = f.applyAsDouble(x[ao + j * acs], y[bo + j * bcs]);
            }
        }
    }

    /** out = cond != 0 ? a : b element by element, broadcasting all three to out's shape. */
    public static void select(Tensor cond, Tensor a, Tensor b, Buffer out) {
        Shape s = out.shape;
        double[] z = out.m.data;
        for (int i = 0; i < s.rows(); i++) {
            for (int j = 0; j < s.cols(); j++) {
                z[i * s.cols() + j] = at(cond, i, j) != 0 ? at(a, i, j) : at(b, i, j);
            }
        }
    }

    private static double at(Tensor t, int i, int j) {
        int r = t.shape.rows() == 1 ? 0 : i;
        int c = t.shape.cols() == 1 ? 0 : j;
        return t.m.data[r * t.shape.cols() + c];
    }

    /** out = a broadcast to out's shape. */
    public static void broadcastTo(Tensor a, Buffer out) {
        Shape s = out.shape;
        double[] z = out.m.data;
        if (a.shape.size() == s.size()) {
            System.arraycopy(a.m.data, 0, z, 0, s.size());
            return;
        }
        for (int i = 0; i < s.rows(); i++) {
            for (int j = 0; j < s.cols(); j++) {
                z[i * s.cols() + j] = at(a, i, j);
            }
        }
    }

    /** out = a summed over the dimensions that broadcasting to a's shape would have stretched. */
    public static void sumTo(Tensor a, Buffer out) {
        Shape s = a.shape;
        double[] x = a.m.data;
        double[] z = out.m.data;
        if (out.shape.size() == s.size()) {
            System.arraycopy(x, 0, z, 0, s.size());
            return;
        }
        int oc = out.shape.cols();
        boolean keepRows = out.shape.rows() != 1;
        boolean keepCols = oc != 1;
        Arrays.fill(z, 0, out.shape.size(), 0.0);
        for (int i = 0; i < s.rows(); i++) {
            int zo = keepRows ? i * oc : 0;
            for (int j = 0; j < s.cols(); j++) {
                z[zo + (keepCols ? j : 0)] += x[i * s.cols() + j];
            }
        }
    }

    /** out = op(a) · op(b), where ta/tb say to use the transpose of the stored matrix; m, n, k as in BLAS. */
    public static void matmul(Tensor a, boolean ta, Tensor b, boolean tb, int m, int n, int k, Buffer out) {
        Blas.gemm(a.m.data, ta, b.m.data, tb, m, n, k, out.m.data);
    }

    /** out = the transpose of a (a vector or scalar is copied). */
    public static void transpose(Tensor a, Buffer out) {
        Shape s = a.shape;
        double[] x = a.m.data;
        double[] z = out.m.data;
        if (s.rank() < 2) {
            System.arraycopy(x, 0, z, 0, s.size());
            return;
        }
        int r = s.rows();
        int c = s.cols();
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                z[j * r + i] = x[i * c + j];
            }
        }
    }

    /** out = the elements of a, in order (a reshape). */
    public static void copy(Tensor a, Buffer out) {
        System.arraycopy(a.m.data, 0, out.m.data, 0, out.shape.size());
    }

    /** out = scale · (the sum of all elements of a). */
    public static void sumAll(Tensor a, double scale, Buffer out) {
        double[] x = a.m.data;
        double s = 0;
        for (int i = 0, n = a.shape.size(); i < n; i++) {
            s += x[i];
        }
        out.m.data[0] = s * scale;
    }

    /** out = scale · (a summed along a NumPy axis). */
    public static void sumAxis(Tensor a, int axis, double scale, Buffer out) {
        double[] x = a.m.data;
        double[] z = out.m.data;
        int r = a.shape.rows();
        int c = a.shape.cols();
        if (storedAxis(a.shape, axis) == 1) {
            for (int i = 0; i < r; i++) {
                double s = 0;
                for (int j = 0; j < c; j++) {
                    s += x[i * c + j];
                }
                z[i] = s * scale;
            }
        } else {
            Arrays.fill(z, 0, c, 0.0);
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    z[j] += x[i * c + j];
                }
            }
            for (int j = 0; j < c; j++) {
                z[j] *= scale;
            }
        }
    }

    /** out = the maximum (or, with {@code index}, the position of the first maximum) along a NumPy axis. */
    public static void maxAxis(Tensor a, int axis, boolean index, Buffer out) {
        double[] x = a.m.data;
        double[] z = out.m.data;
        int r = a.shape.rows();
        int c = a.shape.cols();
        boolean alongCols = storedAxis(a.shape, axis) == 1;
        int lines = alongCols ? r : c;
        int len = alongCols ? c : r;
        int step = alongCols ? 1 : c;
        for (int l = 0; l < lines; l++) {
            int base = alongCols ? l * c : l;
            int best = 0;
            double max = x[base];
            for (int t = 1; t < len; t++) {
                double v = x[base + t * step];
                if (v > max || (Double.isNaN(v) && !Double.isNaN(max))) {
                    max = v;
                    best = t;
                }
            }
            z[l] = index ? best : max;
        }
    }

    /** out = softmax (or log-softmax) of a along its last axis, stabilised by the row maximum. */
    public static void softmax(Tensor a, boolean log, Buffer out) {
        double[] x = a.m.data;
        double[] z = out.m.data;
        int r = a.shape.rows();
        int c = a.shape.cols();
        for (int i = 0; i < r; i++) {
            int o = i * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, x[o + j]);
            }
            // One exp per element: the exponentials wait in out for the softmax to scale them.
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double e = Math.exp(x[o + j] - max);
                z[o + j] = e;
                sum += e;
            }
            if (log) {
                double lse = max + Math.log(sum);
                for (int j = 0; j < c; j++) {
                    z[o + j] = x[o + j] - lse;
                }
            } else {
                for (int j = 0; j < c; j++) {
                    z[o + j] /= sum;
                }
            }
        }
    }

    /** out = g - exp(y) · (g summed along the last axis), row by row: the VJP of log-softmax, y its output. */
    public static void logSoftmaxVjp(Tensor y, Tensor g, Buffer out) {
        double[] x = y.m.data;
        double[] c = g.m.data;
        double[] z = out.m.data;
        int r = y.shape.rows();
        int n = y.shape.cols();
        for (int i = 0; i < r; i++) {
            int o = i * n;
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += c[o + j];
            }
            for (int j = 0; j < n; j++) {
                z[o + j] = c[o + j] - Math.exp(x[o + j]) * sum;
            }
        }
    }

    /** out = the elements {@code from..to-1} of a along a NumPy axis. */
    public static void slice(Tensor a, int axis, int from, Buffer out) {
        double[] x = a.m.data;
        double[] z = out.m.data;
        int c = a.shape.cols();
        int oc = out.shape.cols();
        if (storedAxis(a.shape, axis) == 1) {
            for (int i = 0, r = out.shape.rows(); i < r; i++) {
                System.arraycopy(x, i * c + from, z, i * oc, oc);
            }
        } else {
            System.arraycopy(x, from * c, z, 0, out.shape.size());
        }
    }

    /** out = zeros with a placed at {@code from} along a NumPy axis of out: the transpose of {@link #slice}. */
    public static void pad(Tensor a, int axis, int from, Buffer out) {
        Arrays.fill(out.m.data, 0, out.shape.size(), 0.0);
        place(a, axis, from, out);
    }

    /** out = the parts joined along a NumPy axis of out. */
    public static void concat(Tensor[] parts, int axis, Buffer out) {
        int offset = 0;
        for (Tensor p : parts) {
            int len = storedAxis(out.shape, axis) == 1 ? p.shape.cols() : p.shape.rows();
            place(p, axis, offset, out);
            offset += len;
        }
    }

    private static void place(Tensor a, int axis, int from, Buffer out) {
        double[] x = a.m.data;
        double[] z = out.m.data;
        int c = a.shape.cols();
        int oc = out.shape.cols();
        if (storedAxis(out.shape, axis) == 1) {
            for (int i = 0, r = a.shape.rows(); i < r; i++) {
                System.arraycopy(x, i * c, z, i * oc + from, c);
            }
        } else {
            System.arraycopy(x, 0, z, from * oc, a.shape.size());
        }
    }

    /** out[i, j] = 1 where j equals the class index a[i], else 0; an index outside 0..n-1 is an error. */
    public static void oneHot(Tensor a, Buffer out) {
        double[] x = a.m.data;
        double[] z = out.m.data;
        int n = out.shape.cols();
        Arrays.fill(z, 0, out.shape.size(), 0.0);
        for (int i = 0, len = a.shape.size(); i < len; i++) {
            double v = x[i];
            int k = (int) v;
            if (k != v || k < 0 || k >= n) {
                throw new IllegalArgumentException("oneHot: element " + i + " is " + v
                        + ", not a class index in 0.." + (n - 1));
            }
            z[i * n + k] = 1;
        }
    }

    /** The stored axis (0 rows, 1 columns) of a NumPy axis of shape s. */
    static int storedAxis(Shape s, int axis) {
        int a = s.normalise(axis);
        return s.rank() == 1 ? 1 : a;
    }
}
