package io.fluxion.op;

import static io.fluxion.interp.DerivativeCheck.check;
import static io.fluxion.interp.Points.distinct;
import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Expr;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broadcasting and reductions at every rank up to 4, on seeded random shapes: values agree with
 * the plain loops of {@link Loops}, and JVPs, VJPs and second derivatives with central
 * differences ({@code DerivativeCheck}).
 */
class AnyRankTest {
    /** Random cases per test; each draws its shapes, axes and values from its own seed. */
    static IntStream seeds() {
        return IntStream.range(0, 16);
    }

    /** A shape whose broadcast with others gives {@code out}: a suffix of it with some dimensions set to 1. */
    private static Shape partOf(Random r, Shape out, int rank) {
        int[] d = out.drop(out.rank() - rank).dims();
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(3) == 0 ? 1 : d[i];
        }
        return Shape.of(d);
    }

    private static void binary(String name, BinaryOperator<Expr> op, DoubleBinaryOperator ref, Tensor a, Tensor b,
            long seed) {
        check(name + " " + a.shape() + " " + b.shape(), x -> op.apply(x.get(0), x.get(1)),
                x -> Loops.zip(x.get(0), x.get(1), ref), List.of(a, b), seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void broadcastingArithmetic(int seed) {
        Random r = new Random(seed);
        Shape out = Loops.shape(r, 1 + r.nextInt(4));
        // One side keeps the full rank (with some 1s), the other may be shorter; either comes first.
        Shape full = partOf(r, out, out.rank());
        Shape part = partOf(r, out, r.nextInt(out.rank() + 1));
        Shape left = r.nextBoolean() ? full : part;
        Shape right = left == full ? part : full;
        Tensor a = uniform(r, left, -2, 2);
        Tensor b = uniform(r, right, -2, 2);
        Tensor positive = uniform(r, right, 0.5, 2);
        assertEquals(Loops.broadcastShape(left, right), Shape.broadcast(left, right).get());
        binary("add", Expr::plus, Double::sum, a, b, seed);
        binary("sub", Expr::minus, (x, y) -> x - y, a, b, seed);
        binary("mul", Expr::times, (x, y) -> x * y, a, b, seed);
        binary("div", Expr::div, (x, y) -> x / y, a, positive, seed);
    }

    /** Non-empty flags for the axes of a shape; sometimes all of them. */
    private static boolean[] axes(Random r, int rank) {
        boolean[] f = new boolean[rank];
        boolean any = false;
        for (int a = 0; a < rank; a++) {
            f[a] = r.nextBoolean();
            any |= f[a];
        }
        if (!any) {
            f[r.nextInt(rank)] = true;
        }
        return f;
    }

    private static boolean all(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    private static void reduction(Loops.Reducer kind, Tensor at, boolean[] flags, boolean keepDims, int[] named,
            long seed) {
        String name = kind + " over " + java.util.Arrays.toString(named) + (keepDims ? " keepdims" : "") + " of "
                + at.shape();
        check(name, x -> switch (kind) {
            case SUM -> Reduction.sum(x.get(0), keepDims, named);
            case MEAN -> Reduction.mean(x.get(0), keepDims, named);
            case MAX -> Reduction.max(x.get(0), keepDims, named);
            case MIN -> Reduction.min(x.get(0), keepDims, named);
            case LOG_SUM_EXP -> Reduction.logSumExp(x.get(0), keepDims, named);
        }, x -> Loops.reduce(x.get(0), flags, keepDims, kind), List.of(at), seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void reductionsOverOneOrSeveralAxes(int seed) {
        Random r = new Random(100 + seed);
        Shape s = Loops.shape(r, 1 + r.nextInt(4));
        boolean[] flags = axes(r, s.rank());
        boolean keepDims = r.nextBoolean();
        // All axes are named as NumPy users write them, or, one time in four, left out (meaning all).
        int[] named = all(flags) && r.nextInt(4) == 0 ? new int[0] : Loops.named(flags, r);
        Tensor x = uniform(r, s, -2, 2);
        // Distinct elements 0.4 apart, so that no difference step crosses a tie of max or min.
        Tensor separated = distinct(r, s);
        reduction(Loops.Reducer.SUM, x, flags, keepDims, named, seed);
        reduction(Loops.Reducer.MEAN, x, flags, keepDims, named, seed);
        reduction(Loops.Reducer.LOG_SUM_EXP, x, flags, keepDims, named, seed);
        reduction(Loops.Reducer.MAX, separated, flags, keepDims, named, seed);
        reduction(Loops.Reducer.MIN, separated, flags, keepDims, named, seed);
    }

    /** A reduction with kept dimensions broadcast back against its input, as in x - max(x) or x / sum(x). */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void keptDimensionsBroadcastBack(int seed) {
        Random r = new Random(200 + seed);
        Shape s = Loops.shape(r, 1 + r.nextInt(4));
        boolean[] flags = axes(r, s.rank());
        int[] named = Loops.named(flags, r);
        Tensor x = uniform(r, s, 0.5, 2);
        check("x - logSumExp(x, " + java.util.Arrays.toString(named) + ", keepdims) of " + s,
                v -> v.get(0).minus(Reduction.logSumExp(v.get(0), true, named)),
                v -> Loops.zip(v.get(0), Loops.reduce(v.get(0), flags, true, Loops.Reducer.LOG_SUM_EXP), (a, b) -> a - b),
                List.of(x), seed);
        check("x / sum(x, " + java.util.Arrays.toString(named) + ", keepdims) of " + s,
                v -> v.get(0).div(v.get(0).sum(true, named)),
                v -> Loops.zip(v.get(0), Loops.reduce(v.get(0), flags, true, Loops.Reducer.SUM), (a, b) -> a / b),
                List.of(x), seed);
    }
}
