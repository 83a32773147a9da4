package io.fluxion.op;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Plain-Java reference computations, written from the NumPy definitions with naive loops over
 * {@link Tensor#get}, independently of the library's kernels.
 */
final class Ref {
    private Ref() {}

    /** The element (i, j) of t seen as a matrix: a vector is one row, a scalar one element. */
    static double at(Tensor t, int i, int j) {
        return switch (t.shape().rank()) {
            case 0 -> t.get();
            case 1 -> t.get(j);
            default -> t.get(i, j);
        };
    }

    static int rows(Tensor t) {
        return t.shape().rank() == 2 ? t.shape().dim(0) : 1;
    }

    static int cols(Tensor t) {
        return t.shape().rank() == 0 ? 1 : t.shape().dim(-1);
    }

    /** A tensor of the given shape with element (i, j) from f (i is 0 below rank 2). */
    static Tensor build(Shape s, IntIntToDouble f) {
        int r = s.rank() == 2 ? s.dim(0) : 1;
        int c = s.rank() == 0 ? 1 : s.dim(-1);
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                d[i * c + j] = f.at(i, j);
            }
        }
        return Tensor.of(s, d);
    }

    @FunctionalInterface
    interface IntIntToDouble {
        double at(int i, int j);
    }

    static Tensor map(Tensor x, DoubleUnaryOperator f) {
        return build(x.shape(), (i, j) -> f.applyAsDouble(at(x, i, j)));
    }

    /** f element by element with NumPy broadcasting (a dimension of 1 stretches; a vector is a row). */
    static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
        int rank = Math.max(a.shape().rank(), b.shape().rank());
        int r = Math.max(rows(a), rows(b));
        int c = Math.max(cols(a), cols(b));
        Shape s = rank == 0 ? Shape.scalar() : rank == 1 ? Shape.vector(c) : Shape.matrix(r, c);
        return build(s, (i, j) -> f.applyAsDouble(
                at(a, rows(a) == 1 ? 0 : i, cols(a) == 1 ? 0 : j),
                at(b, rows(b) == 1 ? 0 : i, cols(b) == 1 ? 0 : j)));
    }

    /** The NumPy matrix product by the definition: a vector on the left is a row, on the right a column. */
    static Tensor matmul(Tensor a, Tensor b) {
        boolean av = a.shape().rank() == 1;
        boolean bv = b.shape().rank() == 1;
        int m = av ? 1 : a.shape().dim(0);
        int k = a.shape().dim(-1);
        int n = bv ? 1 : b.shape().dim(1);
        double[] d = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += (av ? a.get(t) : a.get(i, t)) * (bv ? b.get(t) : b.get(t, j));
                }
                d[i * n + j] = s;
            }
        }
        Shape out = av && bv ? Shape.scalar() : av ? Shape.vector(n) : bv ? Shape.vector(m) : Shape.matrix(m, n);
        return Tensor.of(out, d);
    }

    static Tensor transpose(Tensor a) {
        if (a.shape().rank() < 2) {
            return a;
        }
        return build(Shape.matrix(a.shape().dim(1), a.shape().dim(0)), (i, j) -> a.get(j, i));
    }

    /** Sum, mean, max or argmax along a NumPy axis (0 or 1 of a matrix, 0 of a vector). */
    enum Along { SUM, MEAN, MAX, ARGMAX }

    static Tensor reduce(Tensor x, int axis, Along how) {
        Shape s = x.shape();
        int a = axis < 0 ? axis + s.rank() : axis;
        boolean overRows = s.rank() == 2 && a == 0;
        int lines = s.rank() == 1 ? 1 : overRows ? s.dim(1) : s.dim(0);
        int len = s.rank() == 1 ? s.dim(0) : overRows ? s.dim(0) : s.dim(1);
        double[] d = new double[lines];
        for (int l = 0; l < lines; l++) {
            double sum = 0;
            double best = Double.NEGATIVE_INFINITY;
            int arg = -1;
            for (int t = 0; t < len; t++) {
                double v = s.rank() == 1 ? x.get(t) : overRows ? x.get(t, l) : x.get(l, t);
                sum += v;
                if (v > best) {
                    best = v;
                    arg = t;
                }
            }
            d[l] = switch (how) {
                case SUM -> sum;
                case MEAN -> sum / len;
                case MAX -> best;
                case ARGMAX -> arg;
            };
        }
        return s.rank() == 1 ? Tensor.scalar(d[0]) : Tensor.of(Shape.vector(lines), d);
    }

    static double sumAll(Tensor x) {
        double s = 0;
        for (double v : x.toArray()) {
            s += v;
        }
        return s;
    }

    /** Softmax (or its logarithm) of each row by the definition exp(x_j) / Σ exp(x_k); inputs must be moderate. */
    static Tensor softmax(Tensor x, boolean log) {
        return build(x.shape(), (i, j) -> {
            double z = 0;
            for (int k = 0; k < cols(x); k++) {
                z += Math.exp(at(x, i, k));
            }
            return log ? at(x, i, j) - Math.log(z) : Math.exp(at(x, i, j)) / z;
        });
    }
}
