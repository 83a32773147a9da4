package io.fluxion.op;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Plain-Java references at any rank, written from NumPy's definitions with one loop over the
 * elements of the result (or of the input, for reductions) and explicit index arithmetic,
 * independently of the library's kernels, strides and odometers. Also seeded random shapes.
 */
final class Loops {
    private Loops() {}

    /** The row-major multi-index of flat element k of shape s. */
    static int[] index(Shape s, int k) {
        int[] idx = new int[s.rank()];
        for (int a = s.rank() - 1; a >= 0; a--) {
            idx[a] = k % s.dim(a);
            k /= s.dim(a);
        }
        return idx;
    }

    /** The element of t at the multi-index of a broadcast result: right-aligned, dimensions of 1 stretched. */
    static double broadcastAt(Tensor t, int[] out) {
        Shape s = t.shape();
        int[] idx = new int[s.rank()];
        for (int a = 0; a < s.rank(); a++) {
            idx[a] = s.dim(a) == 1 ? 0 : out[a + out.length - s.rank()];
        }
        return t.get(idx);
    }

    /** NumPy's broadcast shape: right-aligned, each pair of dimensions equal or one of them 1. */
    static Shape broadcastShape(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] d = new int[r];
        for (int i = 0; i < r; i++) {
            int x = i < r - a.rank() ? 1 : a.dim(i - (r - a.rank()));
            int y = i < r - b.rank() ? 1 : b.dim(i - (r - b.rank()));
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException(a + " and " + b + " do not broadcast");
            }
            d[i] = Math.max(x, y);
        }
        return Shape.of(d);
    }

    /** f element by element, with broadcasting. */
    static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
        Shape s = broadcastShape(a.shape(), b.shape());
        double[] out = new double[s.size()];
        for (int k = 0; k < out.length; k++) {
            int[] idx = index(s, k);
            out[k] = f.applyAsDouble(broadcastAt(a, idx), broadcastAt(b, idx));
        }
        return Tensor.of(s, out);
    }

    static Tensor map(Tensor x, DoubleUnaryOperator f) {
        double[] d = x.toArray();
        for (int k = 0; k < d.length; k++) {
            d[k] = f.applyAsDouble(d[k]);
        }
        return Tensor.of(x.shape(), d);
    }

    /** The reductions, by their NumPy definitions. */
    enum Reducer { SUM, MEAN, MAX, MIN, LOG_SUM_EXP }

    /** x reduced over the flagged axes, those axes dropped or kept as 1. */
    static Tensor reduce(Tensor x, boolean[] axes, boolean keepDims, Reducer kind) {
        Shape s = x.shape();
        Shape kept = reducedShape(s, axes, true);
        double[] acc = new double[kept.size()];
        double[] max = new double[kept.size()];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        double[] min = new double[kept.size()];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        int count = s.size() / kept.size();
        double[] xs = x.toArray();
        for (int k = 0; k < s.size(); k++) {
            int o = outIndex(s, kept, index(s, k), axes);
            double v = xs[k];
            acc[o] += v;
            max[o] = Math.max(max[o], v);
            min[o] = Math.min(min[o], v);
        }
        if (kind == Reducer.LOG_SUM_EXP) {
            java.util.Arrays.fill(acc, 0);
            for (int k = 0; k < s.size(); k++) {
                int o = outIndex(s, kept, index(s, k), axes);
                acc[o] += Math.exp(xs[k] - max[o]);
            }
        }
        double[] out = new double[kept.size()];
        for (int o = 0; o < out.length; o++) {
            out[o] = switch (kind) {
                case SUM -> acc[o];
                case MEAN -> acc[o] / count;
                case MAX -> max[o];
                case MIN -> min[o];
                case LOG_SUM_EXP -> max[o] + Math.log(acc[o]);
            };
        }
        return Tensor.of(reducedShape(s, axes, keepDims), out);
    }

    /** The flat index, in the kept-dims result, of the input element at idx. */
    private static int outIndex(Shape s, Shape kept, int[] idx, boolean[] axes) {
        int o = 0;
        for (int a = 0; a < s.rank(); a++) {
            o = o * kept.dim(a) + (axes[a] ? 0 : idx[a]);
        }
        return o;
    }

    static Shape reducedShape(Shape s, boolean[] axes, boolean keepDims) {
        int[] d = new int[s.rank()];
        int r = 0;
        for (int a = 0; a < s.rank(); a++) {
            if (!axes[a]) {
                d[r++] = s.dim(a);
            } else if (keepDims) {
                d[r++] = 1;
            }
        }
        return Shape.of(java.util.Arrays.copyOf(d, r));
    }

    /** Axis i of the result is axis perm[i] of x. */
    static Tensor permute(Tensor x, int[] perm) {
        Shape s = x.shape();
        int[] d = new int[perm.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = s.dim(perm[i]);
        }
        Shape t = Shape.of(d);
        double[] out = new double[t.size()];
        for (int k = 0; k < out.length; k++) {
            int[] idx = index(t, k);
            int[] from = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                from[perm[i]] = idx[i];
            }
            out[k] = x.get(from);
        }
        return Tensor.of(t, out);
    }

    /**
     * NumPy's matmul: a vector on the left is a row (its axis dropped from the result), one on the
     * right a column; leading dimensions are batches that broadcast.
     */
    static Tensor matmul(Tensor a, Tensor b) {
        Shape as = a.shape().rank() == 1 ? Shape.matrix(1, a.shape().dim(0)) : a.shape();
        Shape bs = b.shape().rank() == 1 ? Shape.matrix(b.shape().dim(0), 1) : b.shape();
        Tensor am = a.reshape(as);
        Tensor bm = b.reshape(bs);
        int m = as.dim(-2);
        int k = as.dim(-1);
        int n = bs.dim(-1);
        if (bs.dim(-2) != k) {
            throw new IllegalArgumentException("inner dimensions differ: " + as + " @ " + bs);
        }
        Shape batch = broadcastShape(as.take(as.rank() - 2), bs.take(bs.rank() - 2));
        Shape full = batch.concat(Shape.matrix(m, n));
        double[] out = new double[full.size()];
        for (int q = 0; q < out.length; q++) {
            int[] idx = index(full, q);
            int i = idx[idx.length - 2];
            int j = idx[idx.length - 1];
            double sum = 0;
            for (int t = 0; t < k; t++) {
                idx[idx.length - 2] = i;
                idx[idx.length - 1] = t;
                double x = broadcastAt(am, idx);
                idx[idx.length - 2] = t;
                idx[idx.length - 1] = j;
                sum += x * broadcastAt(bm, idx);
            }
            out[q] = sum;
        }
        Shape result = batch;
        if (a.shape().rank() > 1) {
            result = result.concat(Shape.vector(m));
        }
        if (b.shape().rank() > 1) {
            result = result.concat(Shape.vector(n));
        }
        return Tensor.of(result, out);
    }

    /** A shape of the given rank with dimensions from 1 to 3. */
    static Shape shape(Random r, int rank) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) {
            d[i] = 1 + r.nextInt(3);
        }
        return Shape.of(d);
    }

    /** A random permutation of 0..n-1. */
    static int[] permutation(Random r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The axes flagged as an array of NumPy axes, some given from the end (negative), as users write them. */
    static int[] named(boolean[] flags, Random r) {
        return java.util.stream.IntStream.range(0, flags.length).filter(a -> flags[a])
                .map(a -> r.nextBoolean() ? a : a - flags.length).toArray();
    }
}
