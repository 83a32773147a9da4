package io.fluxion.train;

import static io.fluxion.train.SoftmaxFixtures.D;
import static io.fluxion.train.SoftmaxFixtures.K;
import static io.fluxion.train.SoftmaxFixtures.softmax;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Batch;
import io.fluxion.data.Dataset;
import io.fluxion.data.Forked;
import io.fluxion.expr.Var;
import io.fluxion.nn.Loss;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Metrics;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.GradientTransformation;
import io.fluxion.optim.Optimizer;
import io.fluxion.optim.Optimizers;
import io.fluxion.optim.Transformations;
import io.fluxion.optim.Update;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps on shards of the batch, run on every core: used where the shards add up to the batch
 * (losses that are means or sums over examples, metrics that are means), giving the whole batch's
 * step up to rounding, and the same bits whatever the number of threads; refused, for the whole
 * batch's own step, where they do not.
 */
class ShardedStepTest {
    private static final int N = 300;
    private static final Dataset DATA = SoftmaxFixtures.data(N, 3L);

    @Test
    void aMeanLossStepsOnShardsAndMatchesTheWholeBatchUpToRounding() {
        for (Optimizer opt : List.of(Optimizers.sgd(0.1), Optimizers.adam(0.01),
                Optimizers.momentum(0.05, 0.9))) {
            Model model = softmax(7L);
            Training sharded = Training.of(model, Losses::crossEntropy, opt).metric("accuracy", Metrics::accuracy)
                    .sharded();
            // checkFinite() takes the whole batch's step, one program and tensor arithmetic.
            Training whole = Training.of(model, Losses::crossEntropy, opt).metric("accuracy", Metrics::accuracy)
                    .checkFinite();
            Epoch s = sharded.epochs(DATA, 128, 5L).get(2);
            Epoch w = whole.epochs(DATA, 128, 5L).get(2);
            Batch first = DATA.batches(128).head();
            assertTrue(sharded.programs().sharded(sharded.model().params(), first).isDefined(), opt.name());
            assertClose(w.params(), s.params(), 1e-12, opt.name());
            assertEquals(w.loss(), s.loss(), 1e-12 * Math.abs(w.loss()), opt.name());
            assertEquals(w.metrics().get("accuracy").get(), s.metrics().get("accuracy").get(), 1e-12, opt.name());
        }
    }

    @Test
    void inFloat32ABatchOf128IsShardedStaysFloat32AndMatchesTheWholeBatchUpToFloat32Rounding() {
        Dataset data32 = DATA.to(DType.FLOAT32);
        // float32 rounds each step's sums at 2^-24 relative; a few hundred roundings of that size
        // over the 9 steps leave the parameters within 2^8 ε of the whole batch's.
        double bound = 256 * DType.FLOAT32.epsilon();
        for (Optimizer opt : List.of(Optimizers.sgd(0.1), Optimizers.adam(0.01),
                Optimizers.momentum(0.05, 0.9))) {
            Model model = softmax(7L).to(DType.FLOAT32);
            Training sharded = Training.of(model, Losses::crossEntropy, opt).metric("accuracy", Metrics::accuracy)
                    .sharded();
            Training whole = Training.of(model, Losses::crossEntropy, opt).metric("accuracy", Metrics::accuracy)
                    .checkFinite();
            assertTrue(sharded.programs().sharded(model.params(), data32.batches(128).head()).isDefined(), opt.name());
            Epoch s = sharded.epochs(data32, 128, 5L).get(2);
            Epoch w = whole.epochs(data32, 128, 5L).get(2);
            assertEquals(Option.some(DType.FLOAT32), s.params().dtype(), opt.name());
            assertTrue(StateEntries.flatten(s.optimizerState()).forAll(e -> e._2.shape().isScalar()
                    || e._2.dtype() == DType.FLOAT32), opt.name() + ": the state is float32");
            assertClose(w.params(), s.params(), bound, opt.name());
            assertEquals(w.loss(), s.loss(), bound * Math.abs(w.loss()), opt.name());
        }
    }

    @Test
    void clippingAndAUsersOwnTransformationAreShardedToo() {
        // Every optimizer has its update over expressions, so every one gets the update program.
        GradientTransformation half = (u, p, c) -> {
            io.fluxion.expr.Expr k = c.number("half", 0.5);
            return Update.of(u.map(g -> g.times(k)));
        };
        for (Optimizer opt : List.of(Optimizers.chain(Transformations.clipByGlobalNorm(0.1), Optimizers.adam(0.01)),
                Optimizers.chain(half, Optimizers.sgd(0.1)))) {
            Model model = softmax(14L);
            Training sharded = Training.of(model, Losses::crossEntropy, opt).sharded();
            assertTrue(sharded.programs().sharded(model.params(), DATA.batches(100).head()).isDefined(), opt.name());
            Epoch s = sharded.epochs(DATA, 100, 5L).get(1);
            Epoch w = Training.of(model, Losses::crossEntropy, opt).epochs(DATA, 100, 5L).get(1);
            assertClose(w.params(), s.params(), 1e-12, opt.name());
        }
    }

    @Test
    void stepsAreNotShardedUnlessAsked() {
        Model model = softmax(15L);
        Epoch plain = Training.of(model, Losses::crossEntropy, Optimizers.adam(0.01)).epochs(DATA, 128, 5L).get(1);
        Epoch whole = Training.of(model, Losses::crossEntropy, Optimizers.adam(0.01)).checkFinite().epochs(DATA, 128, 5L)
                .get(1);
        Epoch sharded = Training.of(model, Losses::crossEntropy, Optimizers.adam(0.01)).sharded()
                .epochs(DATA, 128, 5L).get(1);
        assertEquals(whole.params(), plain.params(), "the whole batch's step, bit for bit");
        assertNotEquals(whole.params(), sharded.params(), "shards add in another order");
        assertClose(whole.params(), sharded.params(), 1e-12, "sharded");
    }

    @Test
    void aSumLossAddsItsShardsAsTheyAre() {
        Model model = softmax(8L);
        Training sharded = Training.of(model, Losses::sse, Optimizers.sgd(0.001)).sharded();
        Training whole = Training.of(model, Losses::sse, Optimizers.sgd(0.001)).checkFinite();
        Batch first = DATA.batches(100).head();
        ShardedStep step = sharded.programs().sharded(sharded.model().params(), first).get();
        assertEquals(ShardedStep.Reduction.SUM, step.reduction());
        TrainState s = sharded.step(sharded.start(), first);
        TrainState w = whole.step(whole.start(), first);
        assertClose(w.params(), s.params(), 1e-12, "sse");
        assertEquals(w.loss(), s.loss(), 1e-12 * w.loss());
    }

    @Test
    void aLossThatComparesExamplesAcrossTheBatchKeepsTheWholeBatchStepBitForBit() {
        // Centred on the batch's own mean prediction: no sum of shards gives it.
        Loss centred = (p, y) -> p.minus(p.mean(0)).minus(y).square().mean();
        Model model = softmax(9L);
        Training training = Training.of(model, centred, Optimizers.adam(0.01)).sharded();
        Training tensor = Training.of(model, centred, Optimizers.adam(0.01));
        assertTrue(training.programs().sharded(training.model().params(), DATA.batches(128).head()).isEmpty());
        assertEquals(tensor.epochs(DATA, 128).get(1).params(), training.epochs(DATA, 128).get(1).params());
    }

    @Test
    void aMetricThatIsNoMeanKeepsTheWholeBatchStep() {
        Training training = Training.of(softmax(10L), Losses::crossEntropy, Optimizers.sgd(0.1))
                .metric("largest", (p, y) -> p.max());
        assertTrue(training.programs().sharded(training.model().params(), DATA.batches(128).head()).isEmpty());
    }

    @Test
    void batchesOfFewerThan64RowsAreNotCut() {
        Training training = Training.of(softmax(11L), Losses::crossEntropy, Optimizers.sgd(0.1));
        assertTrue(training.programs().sharded(training.model().params(), DATA.batches(63).head()).isEmpty());
        assertTrue(training.programs().sharded(training.model().params(), DATA.batches(64).head()).isDefined());
    }

    @Test
    void aBatchThatDoesNotFitTheModelIsNamedWithItsOwnShape() {
        Training training = Training.of(softmax(12L), Losses::crossEntropy, Optimizers.sgd(0.1)).sharded();
        Batch wrong = new Batch(Tensor.zeros(Shape.of(128, D + 1)), Tensor.zeros(Shape.of(128, K)), 0);
        ShapeException e = assertThrows(ShapeException.class, () -> training.step(training.start(), wrong));
        assertTrue(e.getMessage().contains("(128, 13)"), e.getMessage());
    }

    @Test
    void theBitsDoNotDependOnTheNumberOfThreads(@TempDir Path dir) {
        String one = bits(dir, 1);
        assertEquals(one, bits(dir, 3));
        assertEquals(one, bits(dir, 2));
    }

    private static String bits(Path dir, int threads) {
        Forked.Result r = Forked.run(dir, 120, List.of("-Dfluxion.threads=" + threads), ShardedBits.class);
        assertEquals(0, r.exit(), r.output());
        String line = r.output().lines().filter(l -> l.startsWith("bits ")).findFirst().orElseThrow(
                () -> new AssertionError("no bits line in: " + r.output()));
        assertTrue(line.contains("shards 4"), line);
        return line;
    }

    /** Trains on shards in a JVM of its own and prints the parameters' bits. */
    public static final class ShardedBits {
        private ShardedBits() {}

        /** Prints {@code bits <hash> shards <count>}. */
        public static void main(String[] args) {
            Training t = Training.of(softmax(13L), Losses::crossEntropy, Optimizers.adam(0.01)).sharded();
            Epoch e = t.epochs(DATA, 128, 1L).get(1);
            long h = 17;
            for (Var v : e.params().vars()) {
                for (double d : e.params().get(v).toArray()) {
                    h = 31 * h + Double.doubleToRawLongBits(d);
                }
            }
            int shards = Shards.of(128).count();
            System.out.println("bits " + Long.toHexString(h) + " shards " + shards);
        }
    }

    private static void assertClose(Params expected, Params actual, double relative, String what) {
        for (Var v : expected.vars()) {
            double[] e = expected.get(v).toArray();
            double[] a = actual.get(v).toArray();
            double scale = 0;
            for (double x : e) {
                scale = Math.max(scale, Math.abs(x));
            }
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], relative * scale, what + ": " + v + "[" + i + "]");
            }
        }
    }
}
