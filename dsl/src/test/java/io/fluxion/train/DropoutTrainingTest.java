package io.fluxion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Batch;
import io.fluxion.data.Dataset;
import io.fluxion.data.Forked;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.nn.Activations;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Dropout;
import io.fluxion.nn.Initializers;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Metrics;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.nn.Sequential;
import io.fluxion.op.Keys;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import io.vavr.control.Option;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with {@link Dropout} in {@link Training}: steps drop with the keys of (epoch, step,
 * example), evaluation does not; runs are reproducible, a resumed run continues bit for bit, a
 * sharded step drops what the whole batch's drops (and gives the same bits on any number of
 * threads), float32 stays float32, and an Objective (Spark's) refuses such a model.
 */
class DropoutTrainingTest {
    private static final int N = 256;
    private static final Dataset DATA = SoftmaxFixtures.data(N, 21L);

    // Named layers keep their variables in both models (Sequential renames a repeated name afresh).
    private static final Model HIDDEN = Dense.of("hidden", SoftmaxFixtures.D, 32, Initializers.glorotUniform(1L),
            Initializers.zeros(), Activations.RELU);
    private static final Model OUT = Dense.of("out", 32, SoftmaxFixtures.K, Initializers.glorotUniform(2L),
            Initializers.zeros(), Activations.SOFTMAX);

    private static Model mlp() {
        return Sequential.of(HIDDEN, Dropout.of(0.5, 11L), OUT);
    }

    private static Model withoutDropout() {
        return Sequential.of(HIDDEN, OUT);
    }

    private static Training training(Model m) {
        return Training.of(m, Losses::crossEntropy, Optimizers.adam(0.01)).metric("accuracy", Metrics::accuracy);
    }

    @Test
    void aStepDropsWithTheKeysOfItsEpochStepAndExamplesAndEvaluationDoesNot() {
        Model m = mlp();
        Training t = training(m);
        Batch first = DATA.batches(64).head();
        TrainState s = t.step(t.start(), first);
        // The step's loss is the training forward's at the keys of epoch 1, step 1, examples 0..63.
        Var x = Var.of("x", first.x().shape());
        Var keys = Var.of("keys", Shape.matrix(64, Keys.WORDS));
        Tensor k = Keys.rows(Keys.fold(Keys.fold(Keys.of(0), 1), 1), 0, 64);
        double expected = Evaluate.evaluate(Losses.crossEntropy(m.applyTraining(x, keys), new io.fluxion.expr.Const(
                first.y())), Bindings.of(m.params().toMap()).and(x, first.x()).and(keys, k)).item();
        assertEquals(expected, s.loss(), 1e-12 * expected);
        double undropped = t.evaluate(m.params(), Dataset.of(first.x(), first.y()), 64).get("loss").get();
        assertNotEquals(undropped, s.loss(), "training drops");
        // Evaluation (and so validation) is the model without dropout, bit for bit.
        assertEquals(training(withoutDropout()).evaluate(m.params(), DATA, 64), t.evaluate(m.params(), DATA, 64));
        assertEquals(withoutDropout().predict(first.x()), m.predict(first.x()));
    }

    @Test
    void runsAreReproducibleAndEachStepDropsAnew() {
        Epoch a = training(mlp()).epochs(DATA, 64, 3L).get(1);
        Epoch b = training(mlp()).epochs(DATA, 64, 3L).get(1);
        assertEquals(a.params(), b.params());
        assertEquals(Double.doubleToRawLongBits(a.loss()), Double.doubleToRawLongBits(b.loss()));
        // Two steps on the same batch from the same state drop differently (another step's keys).
        Training t = training(mlp());
        Batch first = DATA.batches(64).head();
        Batch again = new Batch(first.x(), first.y(), 1);
        assertNotEquals(t.step(t.start(), first).loss(), t.step(t.start(), again).loss());
    }

    @Test
    void aResumedRunContinuesBitForBit(@TempDir Path dir) {
        Training t = training(mlp());
        Stream<Epoch> oneGo = t.epochs(DATA, 64, 5L);
        Path file = dir.resolve("run.npz");
        Checkpoint.save(t.epochs(DATA, 64, 5L).get(1), file);
        Stream<Epoch> resumed = t.resume(file, DATA, 64, 5L);
        for (int i = 0; i < 2; i++) {
            assertEquals(oneGo.get(2 + i).epoch(), resumed.get(i).epoch());
            assertEquals(oneGo.get(2 + i).params(), resumed.get(i).params(), "epoch " + (3 + i));
            assertEquals(Double.doubleToRawLongBits(oneGo.get(2 + i).loss()),
                    Double.doubleToRawLongBits(resumed.get(i).loss()));
        }
    }

    @Test
    void aShardedStepDropsWhatTheWholeBatchsStepDrops() {
        Training sharded = training(mlp()).sharded();
        assertTrue(sharded.programs().sharded(sharded.model().params(), DATA.batches(128).head()).isDefined());
        Epoch s = sharded.epochs(DATA, 128, 5L).get(2);
        // checkFinite() takes the whole batch's step.
        Epoch w = training(mlp()).checkFinite().epochs(DATA, 128, 5L).get(2);
        assertNotEquals(w.params(), s.params(), "shards add in another order");
        for (Var v : w.params().vars()) {
            double[] e = w.params().get(v).toArray();
            double[] a = s.params().get(v).toArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], 1e-10, v + "[" + i + "]");
            }
        }
        assertEquals(w.loss(), s.loss(), 1e-12 * w.loss());
    }

    @Test
    void shardedStepsGiveTheSameBitsOnOneThreadAsOnSeveral(@TempDir Path dir) {
        assertEquals(bits(dir, 1), bits(dir, 3));
    }

    private static String bits(Path dir, int threads) {
        Forked.Result r = Forked.run(dir, 120, List.of("-Dfluxion.threads=" + threads), DropoutBits.class);
        assertEquals(0, r.exit(), r.output());
        return r.output().lines().filter(l -> l.startsWith("bits ")).findFirst().orElseThrow(
                () -> new AssertionError("no bits line in: " + r.output()));
    }

    /** Trains a model with dropout on shards in a JVM of its own and prints the parameters' bits. */
    public static final class DropoutBits {
        private DropoutBits() {}

        /** Prints {@code bits <hash> sharded <whether>}. */
        public static void main(String[] args) {
            Training t = training(mlp()).sharded();
            boolean cut = t.programs().sharded(t.model().params(), DATA.batches(128).head()).isDefined();
            Epoch e = t.epochs(DATA, 128, 1L).get(1);
            long h = 17;
            for (Var v : e.params().vars()) {
                for (double d : e.params().get(v).toArray()) {
                    h = 31 * h + Double.doubleToRawLongBits(d);
                }
            }
            System.out.println("bits " + Long.toHexString(h) + " sharded " + cut);
        }
    }

    @Test
    void inFloat32TheParametersStayFloat32AndDropAsInFloat64() {
        Model m = mlp().to(DType.FLOAT32);
        Epoch e = training(m).epochs(DATA.to(DType.FLOAT32), 64, 2L).get(0);
        assertEquals(Option.some(DType.FLOAT32), e.params().dtype());
        Epoch wide = training(mlp()).epochs(DATA, 64, 2L).get(0);
        // The same masks: float32's parameters within float32's rounding of float64's, not a different draw.
        for (Var v : wide.params().vars()) {
            double[] a = wide.params().get(v).toArray();
            double[] b = e.params().get(v).toArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-3, v + "[" + i + "]");
            }
        }
    }

    @Test
    void anObjectiveRefusesAModelThatTrainsWithKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> training(mlp()).objective());
        assertTrue(e.getMessage().contains("Dropout") && e.getMessage().contains("SparkTraining"), e.getMessage());
        training(withoutDropout()).objective();
    }

    @Test
    void aModelWithoutDropoutBindsNoKeys() {
        Training t = training(withoutDropout());
        assertTrue(t.programs().fused(Shape.matrix(64, SoftmaxFixtures.D), Shape.matrix(64, SoftmaxFixtures.K)).get()
                .keys().isEmpty());
        assertTrue(training(mlp()).programs().fused(Shape.matrix(64, SoftmaxFixtures.D),
                Shape.matrix(64, SoftmaxFixtures.K)).get().keys().isDefined());
    }

}
