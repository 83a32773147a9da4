package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Batch;
import io.fluxion.data.Dataset;
import io.fluxion.expr.Var;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.GradientTransformation;
import io.fluxion.optim.Optimizer;
import io.fluxion.optim.Optimizers;
import io.fluxion.optim.Update;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.Stream;
import io.vavr.control.Option;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fold: laziness, determinism, partial batches and Keras's weighting, resuming, purity. */
class TrainingTest {
    private static final Dataset FEET = Feet.DATA;
    private static final AtomicInteger UPDATES = new AtomicInteger();

    /** Plain SGD at 0.001 that counts its updates. */
    private static Optimizer counting() {
        // A number is bound once per step: counting its bindings counts the updates.
        return Optimizer.of("counting", (GradientTransformation) (u, p, c) -> {
            io.fluxion.expr.Expr lr = c.number("lr", n -> {
                UPDATES.incrementAndGet();
                return -0.001;
            });
            return Update.of(u.map(g -> g.times(lr)));
        });
    }

    @Test
    void nothingRunsUntilAnEpochIsRead() {
        UPDATES.set(0);
        Stream<Epoch> epochs = Training.of(Dense.of(1, 1, 42L), Losses::mse, counting()).epochs(FEET, 3);
        assertEquals(0, UPDATES.get(), "making the stream trains nothing");
        Epoch tenth = epochs.get(9);
        assertEquals(10, tenth.epoch());
        assertEquals(9 * 3, UPDATES.get(), "reaching the tenth runs the nine before it (three batches each)");
        tenth.params();
        assertEquals(10 * 3, UPDATES.get());
        epochs.get(9).loss();
        assertEquals(10 * 3, UPDATES.get(), "an epoch runs once");
    }

    @Test
    void anEpochsValuesStayAsTheyWereWhileLaterEpochsRun() {
        // Within an epoch, steps write into buffers taken in turn; what an epoch hands out must never be one.
        Training t = adam();
        Stream<Epoch> epochs = t.epochs(FEET, 2, 7L);
        Epoch first = epochs.head();
        io.vavr.collection.List<String> before = values(first);
        epochs.get(5).params();
        assertEquals(before, values(first));
        assertNotEquals(before, values(epochs.get(5)), "later epochs did move: the comparison can fail");
    }

    /** Every element of an Adam epoch's parameters and moments, as text. */
    private static io.vavr.collection.List<String> values(Epoch e) {
        return e.params().values().appendAll(e.optimizerState().slot("0.mu").get().values())
                .appendAll(e.optimizerState().slot("0.nu").get().values())
                .map(v -> java.util.Arrays.toString(v.toArray()));
    }

    @Test
    void theEpochsOfOneRunGatherTheirBatchesIntoTheSameBuffers() {
        // FEET: 7 examples in batches of 2, so three pairs of buffers (two in turn, one for the last batch of 1).
        Training t = adam();
        io.fluxion.data.internal.GatherBuffers gathered = new io.fluxion.data.internal.GatherBuffers();
        Epoch first = t.epoch(1, t.start(), FEET, 2, io.vavr.control.Option.some(7L), Training.StepListener.NONE,
                gathered);
        assertEquals(3, gathered.size());
        Epoch second = t.epoch(2, TrainState.start(first.params(), first.optimizerState()), FEET, 2,
                io.vavr.control.Option.some(7L), Training.StepListener.NONE, gathered);
        assertEquals(3, gathered.size(), "the second epoch allocates no batch buffers");
        assertEquals(t.epochs(FEET, 2, 7L).get(1), second, "and gives the stream's second epoch");
    }

    @Test
    void sameDataSeedAndModelGiveBitIdenticalParameters() {
        // Two trainings of two models made alike: their variables differ, so compare the values.
        Params a = adam().epochs(FEET, 2, 7L).get(19).params();
        Params b = adam().epochs(FEET, 2, 7L).get(19).params();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(a.values().get(i).item()),
                    Double.doubleToRawLongBits(b.values().get(i).item()));
        }
        assertNotEquals(a.values(), adam().epochs(FEET, 2, 8L).get(19).params().values(), "another seed shuffles otherwise");
        assertNotEquals(a.values(), adam().epochs(FEET, 2).get(19).params().values(), "in order differs from shuffled");
    }

    private static Training adam() {
        return Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.adam(0.1));
    }

    @Test
    void aPartialLastBatchTrainsAndTheLossIsWeightedByBatchSize() {
        Var w = variable("w");
        Model model = Model.of(x -> x.times(w), Params.of(w, Tensor.scalar(1)));
        Dataset data = Dataset.of(Tensor.vector(1, 2, 3, 4, 5, 6, 7), Tensor.vector(2, 4, 6, 8, 10, 12, 14));
        Epoch first = Training.of(model, Losses::mse, Optimizers.sgd(0.01)).epochs(data, 3).head();
        double pw = 1;
        double weighted = 0;
        for (int from = 0; from < 7; from += 3) {
            int n = Math.min(3, 7 - from);
            double loss = 0;
            double g = 0;
            for (int i = from; i < from + n; i++) {
                double x = i + 1;
                double d = pw * x - 2 * x;
                loss += d * d / n;
                g += 2 * d * x / n;
            }
            weighted += loss * n / 7;
            pw -= 0.01 * g;
        }
        assertEquals(pw, first.params().get(w).item(), 1e-12);
        assertEquals(weighted, first.loss(), 1e-12, "Keras weights each batch's loss by its examples");
    }

    @Test
    void shuffledEpochsFollowTheDocumentedSeeds() {
        Training t = Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.sgd(0.001));
        Epoch second = t.epochs(FEET, 2, 5L).get(1);
        TrainState s = TrainState.start(t.epochs(FEET, 2, 5L).head().params(), t.epochs(FEET, 2, 5L).head().optimizerState());
        for (Batch b : FEET.epoch(2, Seeds.forEpoch(5L, 2))) {
            s = t.step(s, b);
        }
        assertEquals(second.params(), s.params());
        assertEquals(second.loss(), s.loss(), 0);
    }

    @Test
    void epochsAfterContinuesAsIfNeverStopped() {
        Training t = adam();
        Epoch fifth = t.epochs(FEET, 2, 3L).get(4);
        Epoch sixth = t.epochsAfter(fifth, FEET, 2, Option.some(3L)).head();
        assertEquals(6, sixth.epoch());
        assertEquals(t.epochs(FEET, 2, 3L).get(5), sixth);
    }

    @Test
    void aStepIsPure() {
        Training t = adam();
        TrainState start = t.start();
        Batch b = FEET.batches(4).head();
        TrainState once = t.step(start, b);
        assertEquals(once, t.step(start, b));
        assertEquals(t.model().params(), start.params());
        assertEquals(0, start.examples());
        assertEquals(4, once.examples());
    }

    @Test
    void anEpochSurvivesSerialization() throws Exception {
        Epoch e = adam().epochs(FEET, 7).get(2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Epoch back = (Epoch) in.readObject();
            assertEquals(e, back);
            assertEquals(3, back.epoch());
        }
    }

    @Test
    void theFirstEpochOfAStreamIsTheOneFitReturns() {
        Training t = adam();
        Epoch viaStream = t.epochs(FEET, 3, 1L).get(2);
        Epoch viaFit = t.fit(FEET, 3, 3, FitOptions.quiet().seed(1L)).last();
        assertEquals(viaStream, viaFit);
        assertTrue(t.fit(FEET, 1, 3, FitOptions.quiet()).head().metric("val_loss").isEmpty(), "no validation, no val_loss");
        assertTrue(viaFit.toString().startsWith("Epoch 3 - loss: "), viaFit.toString());
    }
}
