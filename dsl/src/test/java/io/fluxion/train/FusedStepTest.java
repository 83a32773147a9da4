package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static io.fluxion.train.SoftmaxFixtures.eager;
import static io.fluxion.train.SoftmaxFixtures.softmax;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Batch;
import io.fluxion.data.Dataset;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.GradientTransformation;
import io.fluxion.optim.Optimizer;
import io.fluxion.optim.Optimizers;
import io.fluxion.optim.Schedule;
import io.fluxion.optim.Slot;
import io.fluxion.optim.Transformations;
import io.fluxion.optim.Update;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/**
 * The fused step, where the optimizer's update is compiled into the step's program, against the
 * same update evaluated alone by {@link Optimizer#update} after the gradients: the same
 * parameters, optimizer state and loss, bit for bit, for every transformation, clipping and a
 * user's own included.
 */
class FusedStepTest {
    private static final int N = 90;
    private static final Dataset DATA = SoftmaxFixtures.data(N, 3L);

    /** Sign descent with a decaying step, written by a user: {@code p -= 0.01 / (1 + n) * sign(g)}, a state of its own. */
    private static final GradientTransformation SIGN = (updates, params, c) -> {
        Slot seen = c.zeros("seen");
        Expr rate = c.number("rate", n -> -0.01 / (1 + n));
        Expr zero = c.number("zero", 0);
        Expr one = c.number("one", 1);
        List<Expr> sign = updates.map(u -> u.gt(zero).select(one, u.lt(zero).select(one.negate(), zero)).times(rate));
        return Update.of(sign).with(seen, seen.values().zip(updates).map(su -> su._1.plus(su._2.abs())));
    };

    /** Every transformation of Transformations, chained, and a user's own. */
    private static final List<Optimizer> OPTIMIZERS = List.of(Optimizers.sgd(0.05),
            Optimizers.sgd(Schedule.exponential(0.1, 0.9)), Optimizers.momentum(0.05, 0.9), Optimizers.nesterov(0.05, 0.9),
            Optimizers.adam(0.01), Optimizers.adamw(0.01, 0.1), Optimizers.rmsprop(0.01),
            Optimizers.rmsprop(0.01, 0.9, 1e-6, 0.8), Optimizers.adagrad(0.1, 0.1, 1e-10),
            Optimizers.chain(Transformations.addDecayedWeights(1e-3), Optimizers.sgd(0.05)),
            Optimizers.chain(Transformations.clipByGlobalNorm(0.05), Optimizers.adam(0.01)),
            Optimizers.chain(Transformations.scale(0.5), Transformations.trace(0.5, false),
                    Transformations.scaleByAdam(), Transformations.scaleByLearningRate(0.01)),
            Optimizer.of("sign", SIGN));

    @Test
    void everyOptimizerGivesTheBitsOfItsUpdateEvaluatedAlone() {
        for (Optimizer opt : OPTIMIZERS) {
            Model model = softmax(7L);
            // Three shuffled epochs of batches of 16, the last of each 10: both programs per shape.
            Training training = Training.of(model, Losses::crossEntropy, opt);
            Epoch fused = training.epochs(DATA, 16, 11L).get(2);
            assertTrue(training.programs().fused(Shape.of(16, SoftmaxFixtures.D), Shape.of(16, SoftmaxFixtures.K))
                    .isDefined(), opt.name() + ": the update is compiled into the step");
            TrainState alone = eager(training, DATA, 16, 11L, 3);
            assertEquals(alone.params(), fused.params(), opt.name());
            assertEquals(alone.optimizerState(), fused.optimizerState(), opt.name());
            assertEquals(alone.loss(), fused.loss(), 0, opt.name());
        }
    }

    @Test
    void clippingClipsInTheFusedStep() {
        // The gradients' norm is above 0.05 on these batches: clipped Adam moves otherwise than Adam.
        Model model = softmax(7L);
        Epoch clipped = Training.of(model, Losses::crossEntropy,
                Optimizers.chain(Transformations.clipByGlobalNorm(0.05), Optimizers.momentum(0.05, 0.9)))
                .epochs(DATA, 16, 11L).head();
        Epoch plain = Training.of(model, Losses::crossEntropy, Optimizers.momentum(0.05, 0.9)).epochs(DATA, 16, 11L).head();
        assertNotEquals(plain.params(), clipped.params());
    }

    @Test
    void inFloat32EveryOptimizerStaysFloat32AndGivesTheBitsOfItsUpdateEvaluatedAlone() {
        // The numbers an update binds (learning rate, betas, bias corrections) are weak: rounded
        // to float32 once. Bound as float64 they would make the step compute in float64 and
        // return float64 parameters.
        Dataset data32 = Dataset.of(DATA.x().to(DType.FLOAT32), DATA.y().to(DType.FLOAT32));
        for (Optimizer opt : OPTIMIZERS) {
            Model model64 = softmax(7L);
            Model model = model64.to(DType.FLOAT32);
            Training training = Training.of(model, Losses::crossEntropy, opt);
            Epoch fused = training.epochs(data32, 16, 11L).get(2);
            TrainState alone = eager(training, data32, 16, 11L, 3);
            assertEquals(Option.some(DType.FLOAT32), fused.params().dtype(), opt.name());
            assertTrue(fused.optimizerState().entries().forAll(e -> e._2.shape().isScalar()
                    || e._2.dtype() == DType.FLOAT32), opt.name() + ": every tensor of the state is float32");
            assertEquals(alone.params(), fused.params(), opt.name());
            assertEquals(alone.optimizerState(), fused.optimizerState(), opt.name());
            assertEquals(alone.loss(), fused.loss(), 0, opt.name());
            // and it trained: the float32 run is near the float64 one, not equal to it
            Epoch wide = Training.of(model64, Losses::crossEntropy, opt).epochs(DATA, 16, 11L).get(2);
            Var w = model.params().vars().head();
            assertNotEquals(wide.params().get(w), fused.params().get(w).to(DType.FLOAT64), opt.name());
            assertTrue(wide.params().get(w).closeTo(fused.params().get(w), 1e-4), opt.name());
        }
    }

    @Test
    void float32ParametersMeetingFloat64DataAreRefusedNamingBothDTypes() {
        Model model = softmax(7L).to(DType.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Training.of(model, Losses::crossEntropy, Optimizers.adam(0.01)).epochs(DATA, 16).head().params());
        assertTrue(e.getMessage().contains("parameter W is float32 but the step made it float64"), e.getMessage());
        assertTrue(e.getMessage().contains("data.to(DType.FLOAT32)"), e.getMessage());
    }

    @Test
    void aStepAloneIsFusedTooAndCheckFiniteRunsTheSameProgram() {
        Model model = softmax(8L);
        Batch b = DATA.batches(16).head();
        Training fused = Training.of(model, Losses::crossEntropy, Optimizers.adam(0.01));
        Training checked = fused.checkFinite();
        TrainState f = fused.start();
        TrainState c = checked.start();
        TrainState alone = fused.start();
        for (int i = 0; i < 5; i++) {
            f = fused.step(f, b);
            c = checked.step(c, b);
            alone = eager(fused, alone, b);
        }
        assertEquals(alone, f);
        assertEquals(f, c);
    }

    @Test
    void aStateOfAnotherOptimizerIsNamedByTheStep() {
        Model model = softmax(8L);
        Training adam = Training.of(model, Losses::crossEntropy, Optimizers.adam(0.01));
        TrainState sgd = Training.of(model, Losses::crossEntropy, Optimizers.sgd(0.1)).start();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.step(sgd, DATA.batches(16).head()));
        assertTrue(e.getMessage().startsWith("Training.step: batch 0: adam: the optimizer state does not fit this "
                + "optimizer: it holds count (parameters W#"), e.getMessage());
    }

    @Test
    void anOutputThatIsTheReusedBatchIsKeptAfterTheNextBatchOverwritesIt() {
        // d sum(x * w) / dw is x itself, so the step program hands the batch's x back as it is;
        // this optimizer keeps the last gradient it sees in its state.
        Var w = variable("w", 2, 2);
        Model model = Model.of(x -> x.times(w), Params.of(w, Tensor.zeros(Shape.of(2, 2))));
        GradientTransformation keepLast = (u, p, c) -> {
            Slot last = c.zeros("last");
            Expr zero = c.number("zero", 0);
            return Update.of(u.map(g -> g.times(zero))).with(last, u);
        };
        Dataset data = Dataset.of(Tensor.of(Shape.of(4, 2), 1, 2, 3, 4, 5, 6, 7, 8), Tensor.zeros(Shape.of(4, 2)));
        Training t = Training.of(model, (p, y) -> p.sum().minus(y.sum()), Optimizer.of("keepLast", keepLast));
        io.vavr.collection.Stream<Epoch> epochs = t.epochs(data, 2);
        Epoch first = epochs.head();
        assertEquals(Tensor.of(Shape.of(2, 2), 5, 6, 7, 8), first.optimizerState().slot("last").get().get(w));
        epochs.get(3).params();
        assertEquals(Tensor.of(Shape.of(2, 2), 5, 6, 7, 8), first.optimizerState().slot("last").get().get(w),
                "the second batch's x, kept while later epochs reuse the buffers");
    }
}
