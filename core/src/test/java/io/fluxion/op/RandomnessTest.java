package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Program;
import io.fluxion.interp.Reverse;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Threefry against its published known answers, keys, and uniform numbers drawn from keys that are
 * inputs: the same key the same numbers (evaluated, compiled, on other threads), other keys and
 * streams other numbers, in float32 the float64 numbers rounded toward zero, the fraction below p
 * within a binomial bound, and no derivative through the key.
 */
class RandomnessTest {
    private static final Var KEY = Var.of("key", Shape.vector(Keys.WORDS));

    @Test
    void threefryGivesRandom123sKnownAnswers() {
        // Random123's kat_vectors for threefry2x32, 20 rounds: counter, key, output.
        assertEquals(0x6b20015999ba4efeL, Threefry.block(0, 0, 0, 0));
        assertEquals(0x1cb996fcbb002be7L, Threefry.block(-1, -1, -1, -1));
        assertEquals(0xc4923a9c483df7a0L, Threefry.block(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3));
    }

    @Test
    void aKeyIsItsSeedsBitsInSixteenBitWordsAndFoldingMakesOtherKeys() {
        assertEquals(Tensor.vector(0x0123, 0x4567, 0x89ab, 0xcdef), Keys.of(0x0123456789abcdefL));
        assertEquals(-2L, Keys.bits(Keys.of(-2L)));
        assertEquals(Keys.fold(Keys.of(5), 1), Keys.fold(Keys.of(5), 1));
        assertNotEquals(Keys.fold(Keys.of(5), 1), Keys.fold(Keys.of(5), 2));
        Tensor rows = Keys.rows(Keys.of(9), 10, 3);
        assertEquals(Shape.matrix(3, 4), rows.shape());
        for (int i = 0; i < 3; i++) {
            assertEquals(Keys.fold(Keys.of(9), 10 + i), rows.slice(0, i, i + 1).reshape(Shape.vector(4)));
        }
    }

    @Test
    void theSameKeyDrawsTheSameNumbersEvaluatedCompiledAndOnOtherThreads() throws Exception {
        Expr u = Randomness.uniform(KEY, Shape.of(50, 40), 3L);
        Bindings b = Bindings.of(KEY, Keys.of(7));
        Tensor evaluated = Evaluate.evaluate(u, b);
        Program p = Compile.compile(List.of(u));
        assertEquals(evaluated, p.run(b).head());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<Tensor>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> p.run(b).head()));
            }
            for (Future<Tensor> f : runs) {
                assertEquals(evaluated, f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertNotEquals(evaluated, p.run(Bindings.of(KEY, Keys.of(8))).head(), "another key");
        assertNotEquals(evaluated, Evaluate.evaluate(Randomness.uniform(KEY, Shape.of(50, 40), 4L), b), "another stream");
    }

    @Test
    void elementIIsTheTop53BitsOfTheBlockOfTheFoldedKeyAndCounterI() {
        double[] u = Evaluate.evaluate(Randomness.uniform(KEY, Shape.vector(6), 11L), Bindings.of(KEY, Keys.of(1))).toArray();
        long folded = Keys.bits(Keys.fold(Keys.of(1), 11L));
        for (int i = 0; i < u.length; i++) {
            assertEquals((Threefry.block(folded, i) >>> 11) * 0x1.0p-53, u[i]);
        }
    }

    @Test
    void stackedKeysDrawEachKeysOwnSample() {
        Var keys = Var.of("keys", Shape.matrix(3, 4));
        Tensor k = Keys.rows(Keys.of(2), 0, 3);
        Tensor all = Evaluate.evaluate(Randomness.uniform(keys, Shape.of(2, 5), 1L), Bindings.of(keys, k));
        assertEquals(Shape.of(3, 2, 5), all.shape());
        for (int i = 0; i < 3; i++) {
            Tensor one = Evaluate.evaluate(Randomness.uniform(KEY, Shape.of(2, 5), 1L),
                    Bindings.of(KEY, Keys.fold(Keys.of(2), i)));
            assertEquals(one, all.slice(0, i, i + 1).reshape(Shape.of(2, 5)));
        }
    }

    @Test
    void theFractionBelowPIsWithinABinomialBound() {
        int n = 100_000;
        for (long seed : new long[] {0, 1, 42, -7}) {
            double[] u = Evaluate.evaluate(Randomness.uniform(KEY, Shape.vector(n), 0L),
                    Bindings.of(KEY, Keys.of(seed))).toArray();
            for (double p : new double[] {0.1, 0.5, 0.9}) {
                long below = java.util.Arrays.stream(u).filter(v -> v < p).count();
                // Five standard deviations: a fair generator leaves it once in 1.7 million keys.
                double sd = Math.sqrt(n * p * (1 - p));
                assertTrue(Math.abs(below - n * p) <= 5 * sd, "seed " + seed + ", p " + p + ": " + below + " of " + n);
            }
            assertTrue(java.util.Arrays.stream(u).allMatch(v -> v >= 0 && v < 1), "in [0, 1)");
        }
    }

    @Test
    void inFloat32TheNumbersAreTheFloat64OnesRoundedTowardZero() {
        Tensor k = Keys.rows(Keys.of(3), 0, 2);
        Var keys = Var.of("keys", Shape.matrix(2, 4));
        Expr u = Randomness.uniform(keys, Shape.vector(5000), 9L);
        Tensor wide = Evaluate.evaluate(u, Bindings.of(keys, k));
        Tensor narrow = Compile.compile(List.of(u)).run(Bindings.of(keys, k.to(DType.FLOAT32))).head();
        assertEquals(DType.FLOAT32, narrow.dtype());
        double[] w = wide.toArray();
        double[] f = narrow.toArray();
        boolean rounded = false;
        for (int i = 0; i < w.length; i++) {
            assertTrue(f[i] <= w[i] && Math.nextUp((float) f[i]) > w[i] && f[i] < 1, i + ": " + f[i] + " from " + w[i]);
            rounded |= f[i] != w[i];
        }
        assertTrue(rounded);
        // A number just below 1 rounds to nearest as 1; toward zero it stays below.
        assertEquals(Math.nextDown(1f), RandomKernels.towardZero(Math.nextDown(1.0)));
    }

    @Test
    void noDerivativeFlowsThroughAKeyAndAMaskedProductsGradientIsTheMask() {
        Var x = Var.of("x", Shape.vector(8));
        Expr u = Randomness.uniform(KEY, Shape.vector(8), 0L);
        Expr y = x.times(u).sum();
        Bindings b = Bindings.of(KEY, Keys.of(4)).and(x, Tensor.vector(1, 2, 3, 4, 5, 6, 7, 8));
        assertEquals(Evaluate.evaluate(u, b), Evaluate.evaluate(Reverse.gradients(y, List.of(x)).head(), b));
        assertEquals(Tensor.zeros(Shape.vector(4)),
                Evaluate.evaluate(Reverse.gradients(y.plus(KEY.sum()), List.of(KEY)).head(), b).map(v -> v - 1));
        assertFalse(new Randomness.Uniform(Shape.scalar(), 0).differentiable(0));
    }

    @Test
    void badKeysAreNamed() {
        ShapeException shape = assertThrows(ShapeException.class,
                () -> Randomness.uniform(Var.of("k", Shape.vector(2)), Shape.vector(3), 0L));
        assertTrue(shape.getMessage().contains("needs a key of shape (4)") && shape.getMessage().contains("(2)"),
                shape.getMessage());
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class, () -> Evaluate.evaluate(
                Randomness.uniform(KEY, Shape.vector(3), 0L), Bindings.of(KEY, Tensor.vector(1, 2, 70000, 4))));
        assertTrue(word.getMessage().contains("word 2") && word.getMessage().contains("70000"), word.getMessage());
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> Keys.bits(Tensor.vector(1, 2.5, 3, 4)));
        assertTrue(half.getMessage().contains("2.5"), half.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Keys.fold(Tensor.vector(1, 2), 0));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Keys.rows(Keys.of(1), 0, 0));
        assertTrue(none.getMessage().contains("got 0"), none.getMessage());
    }

    @Test
    void aConstantKeyFoldsToTheSameNumbers() {
        Expr u = Randomness.uniform(new Const(Keys.of(12)), Shape.vector(4), 2L);
        assertEquals(Evaluate.evaluate(Randomness.uniform(KEY, Shape.vector(4), 2L), Bindings.of(KEY, Keys.of(12))),
                Compile.compile(List.of(u)).run(Bindings.empty()).head());
    }
}
