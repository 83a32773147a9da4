package io.fluxion.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.autodiff.Derivatives;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.op.Keys;
import io.fluxion.op.Randomness;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Dropout: in training, activations zeroed with probability rate (within a binomial bound, for
 * fixed keys) and the others scaled by 1/(1 − rate), the masks a function of the keys and the
 * layer's seed; outside training the identity; its gradient the mask times the scale; float32;
 * serializable; bad rates refused.
 */
class DropoutTest {
    private static final int N = 200;
    private static final int F = 500;
    private static final Var X = Var.of("x", Shape.matrix(N, F));
    private static final Var KEYS = Var.of("keys", Shape.matrix(N, Keys.WORDS));

    private static Tensor keys(long step) {
        return Keys.rows(Keys.fold(Keys.of(0), step), 0, N);
    }

    private static Tensor ones() {
        return Tensor.zeros(Shape.matrix(N, F)).map(v -> 1);
    }

    private static Tensor trained(Model m, Tensor x, Tensor keys) {
        return Evaluate.evaluate(m.applyTraining(X, KEYS), Bindings.of(X, x).and(KEYS, keys));
    }

    @Test
    void aFractionRateIsDroppedWithinABinomialBoundAndTheRestScaled() {
        for (double rate : new double[] {0.1, 0.5, 0.8}) {
            for (long seed : new long[] {1, 2, 99}) {
                double[] out = trained(Dropout.of(rate, seed), ones(), keys(seed)).toArray();
                double scale = 1 / (1 - rate);
                long dropped = 0;
                for (double v : out) {
                    assertTrue(v == 0 || v == scale, "rate " + rate + ": " + v);
                    dropped += v == 0 ? 1 : 0;
                }
                int n = out.length;
                // Five standard deviations of a binomial count: a fair mask leaves it once in 1.7 million.
                double sd = Math.sqrt(n * rate * (1 - rate));
                assertTrue(Math.abs(dropped - n * rate) <= 5 * sd, "rate " + rate + ", seed " + seed + ": " + dropped);
            }
        }
    }

    @Test
    void theSameKeysAndSeedDropTheSameAndAnotherStepOrSeedDropsOtherwise() {
        Tensor x = ones();
        Tensor a = trained(Dropout.of(0.5, 3L), x, keys(1));
        assertEquals(a, trained(Dropout.of(0.5, 3L), x, keys(1)));
        assertNotEquals(a, trained(Dropout.of(0.5, 3L), x, keys(2)), "another step");
        assertNotEquals(a, trained(Dropout.of(0.5, 4L), x, keys(1)), "another layer seed");
        // Compiled, as training runs it, the same bits as evaluated.
        Expr y = Dropout.of(0.5, 3L).applyTraining(X, KEYS);
        assertEquals(a, Compile.compile(List.of(y)).run(Bindings.of(X, x).and(KEYS, keys(1))).head());
    }

    @Test
    void exampleNsMaskIsItsKeysUniformNumbersBelowTheRate() {
        Tensor k = keys(5);
        Tensor u = Evaluate.evaluate(Randomness.uniform(KEYS, Shape.vector(F), 8L), Bindings.of(KEYS, k));
        Tensor out = trained(Dropout.of(0.3, 8L), ones(), k);
        assertEquals(u.map(v -> v < 0.3 ? 0 : 1 / 0.7), out);
    }

    @Test
    void outsideTrainingItIsTheIdentity() {
        Model dense = Dense.of(F, 3, 1L);
        Model withDropout = Sequential.of(Dense.of(F, 3, 1L), Dropout.of(0.5, 1L));
        Tensor x = Tensor.zeros(Shape.matrix(N, F)).map(v -> 0.25);
        assertEquals(dense.predict(x), withDropout.predict(x));
        assertEquals(x, Dropout.of(0.9, 2L).predict(x));
        assertSame(X, Dropout.of(0.9, 2L).apply(X));
        assertTrue(withDropout.trainsWithKeys());
        assertFalse(dense.trainsWithKeys());
    }

    @Test
    void rateZeroIsTheIdentityInTrainingToo() {
        Model none = Dropout.of(0, 5L);
        assertFalse(none.trainsWithKeys());
        assertSame(X, none.applyTraining(X, KEYS));
    }

    @Test
    void theGradientIsTheMaskTimesTheScale() {
        Tensor k = keys(7);
        Tensor x = Tensor.zeros(Shape.matrix(N, F)).map(v -> 3);
        Expr y = Dropout.of(0.4, 6L).applyTraining(X, KEYS).sum();
        Tensor g = Evaluate.evaluate(Derivatives.gradients(y, List.of(X)).head(), Bindings.of(X, x).and(KEYS, k));
        Tensor out = trained(Dropout.of(0.4, 6L), ones(), k);
        assertEquals(out, g, "mask × 1/(1 − rate)");
    }

    @Test
    void inFloat32TheValueStaysFloat32AndTheMaskIsFloat64s() {
        Tensor k = keys(3);
        Expr y = Dropout.of(0.5, 2L).applyTraining(X, KEYS);
        Tensor narrow = Compile.compile(List.of(y)).run(Bindings.of(X, ones().to(DType.FLOAT32)).and(KEYS, k)).head();
        assertEquals(DType.FLOAT32, narrow.dtype());
        assertEquals(trained(Dropout.of(0.5, 2L), ones(), k).to(DType.FLOAT32), narrow);
    }

    @Test
    void aModelWithDropoutTravelsAndDropsTheSameAfterwards() throws Exception {
        Model m = Sequential.of(Dense.of(F, 4, 1L, Activations.TANH), Dropout.of(0.5, 9L), Dense.of(4, 2, 2L));
        Model back = roundTrip(m);
        assertTrue(back.trainsWithKeys());
        assertEquals(m.params(), back.params());
        Tensor x = ones();
        Bindings b = Bindings.of(m.params().toMap()).and(X, x).and(KEYS, keys(4));
        Tensor here = Evaluate.evaluate(m.applyTraining(X, KEYS), b);
        assertEquals(here, Evaluate.evaluate(back.applyTraining(X, KEYS), b));
        assertEquals(m.predict(x), back.predict(x));
        assertNotEquals(m.predict(x), here, "training drops; prediction does not");
        // Renamed (as Sequential renames repeated layers), the training function keeps its dropout.
        Model renamed = m.renamed(n -> "net." + n);
        assertTrue(renamed.trainsWithKeys());
    }

    @Test
    void dslUniformIsJaxsUniformOfAKey() {
        Var key = Var.of("key", Shape.vector(Keys.WORDS));
        Bindings b = Bindings.of(key, Keys.of(42));
        Tensor u = Evaluate.evaluate(io.fluxion.dsl.Dsl.uniform(key, Shape.of(3, 2)), b);
        assertEquals(Shape.of(3, 2), u.shape());
        assertEquals(Evaluate.evaluate(Randomness.uniform(key, Shape.of(3, 2), 0L), b), u);
    }

    @Test
    void aRateOutsideZeroToOneIsRefusedNamingIt() {
        for (double rate : new double[] {-0.1, 1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dropout.of(rate, 1L));
            assertTrue(e.getMessage().contains("[0, 1)") && e.getMessage().contains(String.valueOf(rate)),
                    e.getMessage());
        }
    }

    @Test
    void activationsThatAreNotTheBatchsRowsAreNamed() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Dropout.of(0.5, 1L).applyTraining(Var.of("h", Shape.vector(7)), KEYS));
        assertTrue(e.getMessage().contains("200") && e.getMessage().contains("(7)"), e.getMessage());
        ShapeException k = assertThrows(ShapeException.class,
                () -> Dropout.of(0.5, 1L).applyTraining(X, Var.of("k", Shape.vector(4))));
        assertTrue(k.getMessage().contains("keys (N, 4)"), k.getMessage());
    }

    private static Model roundTrip(Model m) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Model) in.readObject();
        }
    }
}
