package io.fluxion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Dataset;
import io.fluxion.data.Npz;
import io.fluxion.expr.Expr;
import io.fluxion.nn.Activations;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.nn.Sequential;
import io.fluxion.optim.GradientTransformation;
import io.fluxion.optim.Optimizer;
import io.fluxion.optim.Optimizers;
import io.fluxion.optim.Schedule;
import io.fluxion.optim.Slot;
import io.fluxion.optim.Transformations;
import io.fluxion.optim.Update;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import io.vavr.control.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints of epochs: training resumed from one continues bit for bit; what does not fit is named. */
class ResumeTest {
    private static final long SEED = -7046029254386353131L;   // both halves above 2^31: the seed's split is exercised
    private static final Dataset DATA = Feet.DATA;

    @TempDir
    Path dir;

    private static Model mlp() {
        return Sequential.of(Dense.of(1, 3, 1L, Activations.TANH), Dense.of(3, 1, 2L));
    }

    /** The optimizers whose states a checkpoint must carry: moments, buffers, counts, chains, schedules. */
    private static List<Supplier<Optimizer>> optimizers() {
        return List.of(() -> Optimizers.adam(0.05), () -> Optimizers.momentum(0.001, 0.9),
                () -> Optimizers.rmsprop(0.01), () -> Optimizers.adamw(0.05),
                () -> Optimizers.chain(Transformations.clipByGlobalNorm(1.0),
                        Optimizers.adam(Schedule.exponential(0.05, 0.9))),
                () -> Optimizers.adagrad(0.1));
    }

    @Test
    void tenEpochsInOneGoEqualFiveSavedResumedAndFiveMore() {
        for (Supplier<Optimizer> optimizer : optimizers()) {
            Model model = mlp();
            Training training = Training.of(model, Losses::mse, optimizer.get());
            Stream<Epoch> oneGo = training.epochs(DATA, 2, SEED);
            Path file = dir.resolve("run.npz");
            Checkpoint.save(training.epochs(DATA, 2, SEED).get(4), file);

            Stream<Epoch> resumed = training.resume(file, DATA, 2, SEED);
            assertEquals(6, resumed.head().epoch(), "after a checkpoint of epoch 5 comes epoch 6");
            for (int i = 0; i < 5; i++) {
                Epoch a = oneGo.get(5 + i);
                Epoch b = resumed.get(i);
                assertEquals(a.epoch(), b.epoch());
                assertEquals(Double.doubleToRawLongBits(a.loss()), Double.doubleToRawLongBits(b.loss()), "loss " + a);
                assertEquals(a.params(), b.params(), training.optimizer().name() + ", epoch " + a.epoch());
                assertEquals(a.optimizerState(), b.optimizerState(), training.optimizer().name() + ", epoch " + a.epoch());
            }
            // Without the optimizer state (parameters only), Adam's moments restart and the run differs.
            if (training.optimizer().name().equals("adam")) {
                Epoch restarted = training.epochsAfter(Epoch.of(5, Checkpoint.load(file, model.params()),
                        training.optimizer().init(model.params()), 0, io.vavr.collection.LinkedHashMap.empty()),
                        DATA, 2, Option.some(SEED)).get(4);
                assertFalse(restarted.params().equals(oneGo.get(9).params()), "the state matters: this test can fail");
            }
        }
    }

    @Test
    void inFloat32ACheckpointRoundTripsBitForBitAndResumingGivesTheBitsOfOneGo() {
        Dataset data32 = DATA.to(DType.FLOAT32);
        for (Supplier<Optimizer> optimizer : optimizers()) {
            Training training = Training.of(mlp().to(DType.FLOAT32), Losses::mse, optimizer.get());
            String name = training.optimizer().name();
            Stream<Epoch> oneGo = training.epochs(data32, 2, SEED);
            Path file = dir.resolve("run32.npz");
            Epoch fifth = training.epochs(data32, 2, SEED).get(4);
            Checkpoint.save(fifth, file);
            // Every tensor of the parameters and the state is saved as float32 (counts and the
            // epoch's numbers are float64).
            assertTrue(Npz.read(file).forAll(e -> e._1.startsWith("training:") || e._1.endsWith(".count")
                    || e._2.dtype() == DType.FLOAT32), name + ": " + Npz.read(file).map(e -> e._1 + " " + e._2.shape() + " " + e._2.dtype()).mkString(", "));
            Epoch back = Checkpoint.loadEpoch(file, training);
            assertEquals(fifth.params(), back.params(), name);
            assertEquals(fifth.optimizerState(), back.optimizerState(), name);

            Stream<Epoch> resumed = training.resume(file, data32, 2, SEED);
            for (int i = 0; i < 3; i++) {
                Epoch a = oneGo.get(5 + i);
                Epoch b = resumed.get(i);
                assertEquals(Double.doubleToRawLongBits(a.loss()), Double.doubleToRawLongBits(b.loss()), name);
                assertEquals(Option.some(DType.FLOAT32), b.params().dtype(), name);
                assertEquals(a.params(), b.params(), name + ", epoch " + a.epoch());
                assertEquals(a.optimizerState(), b.optimizerState(), name + ", epoch " + a.epoch());
            }
        }
    }

    @Test
    void aCheckpointOfAnotherDTypeLoadsConvertedAsLoadStateDictDoesButDoesNotResume() {
        Model model = mlp();
        Training wide = Training.of(model, Losses::mse, Optimizers.adam(0.05));
        Training narrow = Training.of(model.to(DType.FLOAT32), Losses::mse, Optimizers.adam(0.05));
        Path file32 = dir.resolve("f32.npz");
        Epoch e32 = narrow.epochs(DATA.to(DType.FLOAT32), 2, SEED).get(1);
        Checkpoint.save(e32, file32);
        // float32 into float64: exact
        assertEquals(e32.params().to(DType.FLOAT64), Checkpoint.load(file32, model.params()));
        Epoch loaded = Checkpoint.loadEpoch(file32, wide);
        assertEquals(e32.params().to(DType.FLOAT64), loaded.params());
        assertEquals(e32.optimizerState().slot("0.mu").get().to(DType.FLOAT64), loaded.optimizerState().slot("0.mu").get());
        assertEquals(e32.optimizerState().count("0"), loaded.optimizerState().count("0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wide.resume(file32, DATA, 2, SEED));
        assertTrue(e.getMessage().contains(file32.toString())
                && e.getMessage().contains("'dense.kernel' is float32 in the file and float64 in this training")
                && e.getMessage().contains("epochsAfter(Checkpoint.loadEpoch(file, training)"), e.getMessage());
        // and deliberately, as the message says: training on from the converted state works
        assertEquals(Option.some(DType.FLOAT64),
                wide.epochsAfter(loaded, DATA, 2, Option.some(SEED)).head().params().dtype());

        // float64 into float32: rounded, and resuming refused the same way
        Path file64 = dir.resolve("f64.npz");
        Epoch e64 = wide.epochs(DATA, 2, SEED).get(1);
        Checkpoint.save(e64, file64);
        assertEquals(e64.params().to(DType.FLOAT32), Checkpoint.loadEpoch(file64, narrow).params());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> narrow.resume(file64, DATA.to(DType.FLOAT32), 2, SEED));
        assertTrue(f.getMessage().contains("'dense.kernel' is float64 in the file and float32 in this training"),
                f.getMessage());
    }

    @Test
    void aFitCheckpointResumesAsAStreamAndTheTensorPathAgrees() {
        Model model = mlp();
        Training training = Training.of(model, Losses::mse, Optimizers.adam(0.05));
        List<Epoch> fitted = training.fit(DATA, 3, 3, FitOptions.quiet().seed(SEED));
        Path file = dir.resolve("fit.npz");
        Checkpoint.save(fitted.last(), file);
        Epoch sixth = training.epochs(DATA, 3, SEED).get(5);
        assertEquals(sixth.params(), training.resume(file, DATA, 3, SEED).get(2).params());
        assertEquals(sixth.params(), training.checkFinite().resume(file, DATA, 3, SEED).get(2).params(),
                "with checkFinite the update runs on tensors, from the same state");
        Checkpoint.save(training.epochs(DATA, 3).get(1), file);
        assertEquals(training.epochs(DATA, 3).get(4).params(), training.resume(file, DATA, 3).get(2).params(),
                "a run in the data's order resumes in it");
    }

    @Test
    void anEpochCheckpointHoldsNamedArraysThatParameterLoadingLeavesAside() {
        Model model = mlp();
        Training training = Training.of(model, Losses::mse, Optimizers.adam(0.05));
        Epoch second = training.epochs(DATA, 2, 7L).get(1);
        Path file = dir.resolve("names.npz");
        Checkpoint.save(second, file);
        List<String> names = Npz.read(file).keySet().toList();
        assertTrue(names.containsAll(List.of("dense.kernel", "optimizer:0.count", "optimizer:0.mu.dense.kernel",
                "optimizer:0.nu.dense_1.bias", "optimizer:1.count", "training:epoch", "training:loss",
                "training:seed", "training:batch_size", "training:examples")), names.toString());
        assertEquals(2.0, Npz.read(file).get("training:epoch").get().item());
        assertEquals(8.0, Npz.read(file).get("optimizer:0.count").get().item(), "four steps an epoch");
        assertEquals(second.params(), Checkpoint.load(file, model.params()));
        Epoch back = Checkpoint.loadEpoch(file, training);
        assertEquals(second, back);
    }

    @Test
    void whatDoesNotFitIsNamed() {
        Model model = mlp();
        Training adam = Training.of(model, Losses::mse, Optimizers.adam(0.05));
        Path file = dir.resolve("adam.npz");
        Checkpoint.save(adam.epochs(DATA, 2, 7L).get(1), file);

        IllegalArgumentException sgd = assertThrows(IllegalArgumentException.class,
                () -> Training.of(model, Losses::mse, Optimizers.sgd(0.1)).resume(file, DATA, 2, 7L));
        assertTrue(sgd.getMessage().startsWith("Checkpoint: the optimizer state in " + file
                + " does not fit this training's optimizer: the file holds optimizer:0.mu.dense.kernel (1, 3), "
                + "optimizer:0.mu.dense.bias (3)"), sgd.getMessage());
        assertTrue(sgd.getMessage().contains("the optimizer's state has optimizer:count ()")
                && sgd.getMessage().endsWith("was it saved with another optimizer?"), sgd.getMessage());

        IllegalArgumentException seed = assertThrows(IllegalArgumentException.class, () -> adam.resume(file, DATA, 2, 8L));
        assertEquals("Training.resume: " + file + " was saved from a run with seed 7, batch size 2, 7 examples; "
                + "resuming with seed 8, batch size 2, 7 examples would not continue it. Pass the same ones, or start "
                + "from its parameters and optimizer state deliberately with epochsAfter(Checkpoint.loadEpoch(file, "
                + "training), …)", seed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> adam.resume(file, DATA, 3, 7L));
        assertThrows(IllegalArgumentException.class, () -> adam.resume(file, DATA.take(6), 2, 7L));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adam.resume(file, DATA, 2)).getMessage()
                .contains("resuming with no shuffling"));

        Training wider = Training.of(Sequential.of(Dense.of(1, 4, 1L, Activations.TANH), Dense.of(4, 1, 2L)),
                Losses::mse, Optimizers.adam(0.05));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> wider.resume(file, DATA, 2, 7L));
        assertTrue(shape.getMessage().contains("variable 'dense.kernel' has shape (1, 3) but the parameters need (1, 4)"),
                shape.getMessage());

        Path params = dir.resolve("params.npz");
        Checkpoint.save(model.params(), params);
        IllegalArgumentException only = assertThrows(IllegalArgumentException.class,
                () -> adam.resume(params, DATA, 2, 7L));
        assertTrue(only.getMessage().contains("holds parameters only") && only.getMessage().contains(
                "Checkpoint.save(Epoch, Path)"), only.getMessage());
    }

    @Test
    void aUsersOwnTransformationsStateIsSavedAndResumedBitForBit() {
        // Any state is slots and counts, so a checkpoint holds every optimizer's.
        GradientTransformation sumOfSquares = (u, p, c) -> {
            Slot sum = c.filled("sum", 0.5);
            Expr lr = c.number("lr", n -> -0.1 / (1 + n));
            List<Expr> next = sum.values().zip(u).map(sg -> sg._1.plus(sg._2.times(sg._2)));
            return Update.of(u.zip(next).map(gs -> gs._1.div(gs._2.sqrt()).times(lr))).with(sum, next);
        };
        Training training = Training.of(mlp(), Losses::mse, Optimizer.of("mine", sumOfSquares));
        Path file = dir.resolve("mine.npz");
        Checkpoint.save(training.epochs(DATA, 2, SEED).get(2), file);
        assertEquals(12.0, Npz.read(file).get("optimizer:count").get().item(), "four steps an epoch, three epochs");
        assertTrue(Npz.read(file).containsKey("optimizer:sum.dense.kernel"));
        assertEquals(training.epochs(DATA, 2, SEED).get(4), training.resume(file, DATA, 2, SEED).get(1));
    }

    @Test
    void aCorruptCountIsNamed() {
        Model model = mlp();
        Training adam = Training.of(model, Losses::mse, Optimizers.adam(0.05));
        Path file = dir.resolve("count.npz");
        Checkpoint.save(adam.epochs(DATA, 2, 7L).get(1), file);
        Npz.write(file, Npz.read(file).put("optimizer:0.count", Tensor.scalar(2.5)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.resume(file, DATA, 2, 7L));
        assertTrue(e.getMessage().contains("'optimizer:0.count' holds 2.5 where the optimizer keeps a count"),
                e.getMessage());
    }
}
