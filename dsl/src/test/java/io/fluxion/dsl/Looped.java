package io.fluxion.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;

/** What vmap is checked against: the loop over examples, each result stacked, and comparisons of values. */
final class Looped {
    private Looped() {}

    /** f on each slice of xs along inAxis, the results joined along a new axis outAxis. */
    static Expr loop(Function<Expr, Expr> f, Expr xs, int inAxis, int outAxis) {
        int n = xs.shape().dim(inAxis);
        List<Expr> parts = List.range(0, n).map(e -> {
            Expr y = f.apply(xs.slice(inAxis, e, e + 1).squeeze(inAxis));
            return y.expandDims(outAxis < 0 ? outAxis + y.shape().rank() + 1 : outAxis);
        });
        return Dsl.concat(outAxis < 0 ? outAxis + parts.head().shape().rank() : outAxis, parts.toJavaArray(Expr[]::new));
    }

    /** f on each pair of slices along the leading axes, stacked along a new leading axis. */
    static Expr loop(BiFunction<Expr, Expr, Expr> f, Expr as, Expr bs) {
        int n = as.shape().dim(0);
        List<Expr> parts = List.range(0, n).map(e ->
                f.apply(as.slice(0, e, e + 1).squeeze(0), bs.slice(0, e, e + 1).squeeze(0)).expandDims(0));
        return Dsl.concat(0, parts.toJavaArray(Expr[]::new));
    }

    /** A tensor of uniform values in [-1, 1] from a seed, in a dtype. */
    static Tensor random(long seed, DType dtype, int... dims) {
        Random r = new Random(seed);
        io.fluxion.tensor.Shape s = io.fluxion.tensor.Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = 2 * r.nextDouble() - 1;
        }
        return Tensor.of(s, d).to(dtype);
    }

    /**
     * Two values equal up to rounding: the same shape and dtype, each element within
     * {@code tolerance} times (1 + the larger magnitude of the two), and not all zero unless both are.
     */
    static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            double scale = 1 + Math.max(Math.abs(e[i]), Math.abs(a[i]));
            int at = i;
            assertTrue(Math.abs(e[i] - a[i]) <= tolerance * scale, () -> what + ": element " + at + " expected "
                    + e[at] + ", got " + a[at] + "\nexpected " + expected.toCompactString() + "\nactual   "
                    + actual.toCompactString());
        }
        assertTrue(e.length == 0 || !java.util.Arrays.stream(e).allMatch(v -> v == 0)
                || java.util.Arrays.stream(a).allMatch(v -> v == 0), what + ": all zero expected");
    }

    /** The tolerance of a comparison in a dtype: summation order differs between a batched product and a loop's. */
    static double tolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
    }

    static void assertSameValues(double[] expected, double[] actual) {
        assertArrayEquals(expected, actual);
    }
}
