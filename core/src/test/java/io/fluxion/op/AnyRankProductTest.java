package io.fluxion.op;

import static io.fluxion.interp.DerivativeCheck.check;
import static io.fluxion.interp.Points.uniform;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Transposes by permutation and batched matrix products at every rank up to 4, on seeded random
 * shapes: values agree with the plain loops of {@link Loops}, and JVPs, VJPs and second
 * derivatives with central differences ({@code DerivativeCheck}).
 */
class AnyRankProductTest {
    static IntStream seeds() {
        return IntStream.range(0, 16);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void transposeByAnyPermutation(int seed) {
        Random r = new Random(300 + seed);
        Shape s = Loops.shape(r, 1 + r.nextInt(4));
        int[] perm = Loops.permutation(r, s.rank());
        // Squared inside, so that second derivatives pass through the transpose's rules and are not all zero.
        check("transpose " + java.util.Arrays.toString(perm) + " of " + s, x -> x.get(0).square().transpose(perm),
                x -> Loops.permute(Loops.map(x.get(0), v -> v * v), perm), List.of(uniform(r, s, -2, 2)), seed);
        int[] reversed = IntStream.range(0, s.rank()).map(i -> s.rank() - 1 - i).toArray();
        check("transpose() of " + s, x -> x.get(0).square().transpose(),
                x -> Loops.permute(Loops.map(x.get(0), v -> v * v), reversed), List.of(uniform(r, s, -2, 2)), seed);
        if (s.rank() >= 2) {
            int[] swap = IntStream.range(0, s.rank()).toArray();
            swap[s.rank() - 2] = s.rank() - 1;
            swap[s.rank() - 1] = s.rank() - 2;
            check("matrixTranspose of " + s, x -> x.get(0).square().matrixTranspose(),
                    x -> Loops.permute(Loops.map(x.get(0), v -> v * v), swap), List.of(uniform(r, s, -2, 2)), seed);
        }
    }

    /** A batch shape that broadcasts to {@code batch}: a suffix of it with some dimensions set to 1. */
    private static Shape batchOf(Random r, Shape batch) {
        int[] d = batch.drop(r.nextInt(batch.rank() + 1)).dims();
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(3) == 0 ? 1 : d[i];
        }
        return Shape.of(d);
    }

    /**
     * Products of every kind: matrices or vectors on either side, with batch dimensions (up to a
     * total rank of 4) that broadcast against each other, a vector meeting a batch included.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void batchedProductsWithBroadcastBatches(int seed) {
        Random r = new Random(400 + seed);
        int m = 1 + r.nextInt(3);
        int k = 1 + r.nextInt(3);
        int n = 1 + r.nextInt(3);
        Shape batch = Loops.shape(r, r.nextInt(3));
        // Each side is a vector one time in four; a vector has no batch dimensions.
        boolean leftVector = r.nextInt(4) == 0;
        boolean rightVector = r.nextInt(4) == 0;
        Shape a = leftVector ? Shape.vector(k) : batchOf(r, batch).concat(Shape.matrix(m, k));
        Shape b = rightVector ? Shape.vector(k) : batchOf(r, batch).concat(Shape.matrix(k, n));
        check("matmul " + a + " @ " + b, x -> x.get(0).matmul(x.get(1)), x -> Loops.matmul(x.get(0), x.get(1)),
                List.of(uniform(r, a, -2, 2), uniform(r, b, -2, 2)), seed);
    }

    /** The same products with the operands read transposed, as compile and the VJPs use them. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void batchedProductsOfTransposedOperands(int seed) {
        Random r = new Random(500 + seed);
        int m = 1 + r.nextInt(3);
        int k = 1 + r.nextInt(3);
        int n = 1 + r.nextInt(3);
        Shape batch = Loops.shape(r, r.nextInt(3));
        boolean ta = r.nextBoolean();
        boolean tb = !ta || r.nextBoolean();
        Shape a = batchOf(r, batch).concat(ta ? Shape.matrix(k, m) : Shape.matrix(m, k));
        Shape b = batchOf(r, batch).concat(tb ? Shape.matrix(n, k) : Shape.matrix(k, n));
        Linalg.MatMul op = new Linalg.MatMul(ta, tb);
        int[] swapA = swapLast(a.rank());
        int[] swapB = swapLast(b.rank());
        check(op.name() + " " + a + " " + b, x -> io.fluxion.expr.Apply.of(op, x.get(0), x.get(1)),
                x -> Loops.matmul(ta ? Loops.permute(x.get(0), swapA) : x.get(0),
                        tb ? Loops.permute(x.get(1), swapB) : x.get(1)),
                List.of(uniform(r, a, -2, 2), uniform(r, b, -2, 2)), seed);
    }

    private static int[] swapLast(int rank) {
        int[] p = IntStream.range(0, rank).toArray();
        p[rank - 2] = rank - 1;
        p[rank - 1] = rank - 2;
        return p;
    }
}
