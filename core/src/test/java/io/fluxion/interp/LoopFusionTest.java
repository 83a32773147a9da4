package io.fluxion.interp;

import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Fused;
import io.fluxion.interp.internal.Linearise;
import io.fluxion.op.Structure;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Compile's loop fusion: fused programs give the same bits as the same expressions evaluated
 * instruction by instruction, over random element-wise chains with constants, shifts and sizes of
 * a few elements to several blocks; they are much shorter; scalars are left unfused.
 */
class LoopFusionTest {
    private static final int[] SIZES = {1, 5, 600, 1500};

    /** A random DAG of element-wise operations, shifted reads and constants over two vectors of n. */
    static List<Expr> randomChain(Random r, Var x, Var y) {
        int n = x.shape().size();
        ArrayList<Expr> pool = new ArrayList<>(java.util.List.of(x, y));
        ArrayList<Expr> outs = new ArrayList<>();
        int steps = 4 + r.nextInt(14);
        for (int i = 0; i < steps; i++) {
            Expr a = pool.get(r.nextInt(pool.size()));
            Expr b = r.nextInt(4) == 0 ? Const.of(Math.round(r.nextGaussian() * 8) / 4.0) : pool.get(r.nextInt(pool.size()));
            Expr e = switch (r.nextInt(16)) {
                case 0 -> a.plus(b);
                case 1 -> a.minus(b);
                case 2 -> b.minus(a);
                case 3 -> a.times(b);
                case 4 -> a.div(b);
                case 5 -> a.negate();
                case 6 -> a.square();
                case 7 -> a.tanh().exp();
                case 8 -> a.sin();
                case 9 -> a.sigmoid().plus(a.relu());
                case 10 -> a.abs().sqrt();
                case 11 -> a.gt(b).select(a, b);
                case 12 -> a.pow(2.5);
                case 13 -> n > 2 ? Structure.pad(a.slice(0, 1, n), 0, 0, n) : a.plus(1); // a shifted left
                case 14 -> n > 2 ? Structure.pad(a.slice(0, 0, n - 1), 0, 1, n) : a.times(3); // shifted right
                default -> a.reshape(1, n).reshape(n).minus(b.square());
            };
            pool.add(e);
            if (r.nextInt(5) == 0) {
                outs.add(e);
            }
        }
        outs.add(pool.get(pool.size() - 1));
        return List.ofAll(outs);
    }

    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        assertEquals(expected.shape(), actual.shape(), what);
        for (int i = 0; i < e.length; i++) {
            if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i])) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i]);
            }
        }
    }

    @Test
    void fusedChainsGiveTheBitsOfTheUnfusedProgramAndOfEvaluate() {
        Random r = new Random(7);
        int fusedPrograms = 0;
        for (int trial = 0; trial < 240; trial++) {
            int n = SIZES[trial % SIZES.length];
            Var x = Var.of("x", Shape.vector(n));
            Var y = Var.of("y", Shape.vector(n));
            List<Expr> outs = randomChain(r, x, y);
            List<Expr> simple = Simplify.simplify(outs);
            Program fused = Compile.compile(outs);
            Program plain = Linearise.linearise(simple);
            if (n == 1) {
                assertEquals(plain.size(), fused.size(), "values of one element are not fused\n" + fused.listing());
            } else {
                fusedPrograms += fused.size() < plain.size() ? 1 : 0;
            }
            Bindings b = Bindings.of(x, uniform(r, x.shape(), -3, 3)).and(y, uniform(r, y.shape(), -3, 3));
            List<Tensor> got = fused.run(b);
            List<Tensor> unfused = plain.run(b);
            List<Tensor> direct = Evaluate.evaluate(simple, b);
            for (int i = 0; i < outs.size(); i++) {
                String what = "trial " + trial + ", output " + i + "\n" + fused.listing();
                assertSameBits(unfused.get(i), got.get(i), what);
                assertSameBits(direct.get(i), got.get(i), what);
            }
        }
        assertTrue(fusedPrograms > 140, "programs of vectors made shorter by fusion, of 180: " + fusedPrograms);
    }

    @Test
    void loopsLongEnoughToShareOutOverThreadsGiveTheBitsOfTheUnfusedProgram() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.fluxion.tensor.internal.Parallel.shared().threads() > 1,
                "one thread here: fused loops run whole");
        Random r = new Random(11);
        int n = 2 * Fused.GRAIN * io.fluxion.tensor.internal.Parallel.shared().threads() + 1003; // not whole blocks
        for (int trial = 0; trial < 12; trial++) {
            Var x = Var.of("x", Shape.vector(n));
            Var y = Var.of("y", Shape.vector(n));
            List<Expr> outs = randomChain(r, x, y);
            Program fused = Compile.compile(outs);
            Program plain = Linearise.linearise(Simplify.simplify(outs));
            for (io.fluxion.tensor.DType dtype : io.fluxion.tensor.DType.values()) {
                Bindings b = Bindings.of(x, uniform(r, x.shape(), -3, 3).to(dtype))
                        .and(y, uniform(r, y.shape(), -3, 3).to(dtype));
                List<Tensor> got = fused.run(b);
                List<Tensor> unfused = plain.run(b);
                for (int i = 0; i < outs.size(); i++) {
                    assertSameBits(unfused.get(i), got.get(i), "trial " + trial + ", " + dtype + ", output " + i
                            + "\n" + fused.listing());
                }
            }
        }
    }

    /**
     * A slice that misses every element a pad placed (the cotangent of a scan's final carry taken
     * where only its stacked outputs have one) reads none of the padded value: zeros, in every dtype.
     */
    @Test
    void aSliceOfAPadOutsideItsValuesIsZeros() {
        int n = 1000;
        Var x = Var.of("x", Shape.vector(n));
        Var y = Var.of("y", Shape.vector(n));
        List<Expr> outs = List.of(Structure.pad(x.times(y), 0, 2, n + 2).slice(0, 0, 2).plus(x.slice(0, 0, 2)),
                Structure.pad(x.minus(y), 0, 0, n + 4).slice(0, n + 1, n + 3).times(y.slice(0, 0, 2)));
        Program fused = Compile.compile(outs);
        Program plain = Linearise.linearise(Simplify.simplify(outs));
        Random r = new Random(5);
        for (io.fluxion.tensor.DType dtype : io.fluxion.tensor.DType.values()) {
            Bindings b = Bindings.of(x, uniform(r, x.shape(), -2, 2).to(dtype)).and(y, uniform(r, y.shape(), -2, 2).to(dtype));
            List<Tensor> want = plain.run(b);
            List<Tensor> got = fused.run(b);
            for (int i = 0; i < outs.size(); i++) {
                assertSameBits(want.get(i), got.get(i), dtype + " output " + i + " of\n" + fused.listing());
            }
        }
    }

    @Test
    void theRosenbrockGradientIsOneLoop() {
        int n = 2000;
        Var x = Var.of("x", Shape.vector(n));
        Expr head = x.slice(0, 0, n - 1);
        Expr f = x.slice(0, 1, n).minus(head.square()).square().times(100).plus(Const.of(1).minus(head).square()).sum();
        Expr g = Reverse.gradients(f, List.of(x)).head();
        Program fused = Compile.compile(List.of(g));
        Program plain = Linearise.linearise(Simplify.simplify(List.of(g)));
        assertEquals(1, fused.size(), fused.listing());
        assertTrue(plain.size() >= 12, plain.listing());
        Bindings b = Bindings.of(x, uniform(new Random(3), x.shape(), -2, 2));
        assertSameBits(plain.run(b).head(), fused.run(b).head(), "gradient");
        // f and its gradient: one loop each, the sum stays an instruction of its own.
        assertEquals(3, Compile.compile(List.of(f, g)).size(), Compile.compile(List.of(f, g)).listing());
    }

    @Test
    void checkFiniteNamesThePartAsTheUnfusedProgramDoes() {
        int n = 1500;
        Var x = Var.of("x", Shape.vector(n));
        List<Expr> outs = List.of(x.times(2).exp().times(0).plus(x).square());
        double[] v = new double[n];
        v[1100] = 600; // exp(1200) overflows: inf * 0 is NaN further on
        v[1300] = 700;
        Bindings b = Bindings.of(x, Tensor.vector(v));
        Program fused = Compile.compile(outs);
        assertEquals(1, fused.size(), fused.listing());
        String unfused = assertThrows(ArithmeticException.class,
                () -> Linearise.linearise(Simplify.simplify(outs)).run(b, true)).getMessage();
        String got = assertThrows(ArithmeticException.class, () -> fused.run(b, true)).getMessage();
        assertEquals(unfused, got);
        assertTrue(got.contains("= exp produced Infinity at element 1100 of shape (1500)"), got);
        // Unchecked, the fused loop runs to the end as the unfused program does.
        assertTrue(Double.isNaN(fused.run(b).head().toArray()[1100]));
    }

    @Test
    void theListingNamesEveryPartOfALoop() {
        Var x = Var.of("x", Shape.vector(4));
        Program p = Compile.compile(List.of(x.square().plus(1).sin()));
        assertEquals(1, p.size());
        assertTrue(p.listing().matches("(?s).*v\\d+ = fused\\[v\\d+ = square v0; v\\d+ = add v\\d+ v\\d+; v\\d+ = sin v\\d+\\] v\\d+ v\\d+.*"),
                p.listing());
    }

    @Test
    void concurrentRunsOfALoopAgreeWithRunsAlone() throws Exception {
        int n = 1500;
        Var x = Var.of("x", Shape.vector(n));
        Program p = Compile.compile(List.of(x.square().minus(x.slice(0, 1, n).reshape(n - 1).sum().plus(x.negate())).tanh()));
        Random r = new Random(11);
        Bindings[] bs = new Bindings[4];
        Tensor[] alone = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            bs[i] = Bindings.of(x, uniform(r, x.shape(), -2, 2));
            alone[i] = p.run(bs[i]).head();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            ArrayList<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int k = 0; k < 200; k++) {
                        wrong += p.run(bs[(id + k) % 4]).head().equals(alone[(id + k) % 4]) ? 0 : 1;
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(0, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
