package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static io.fluxion.train.SoftmaxFixtures.softmax;
import static io.fluxion.train.SoftmaxFixtures.tensorOnly;
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
import io.fluxion.optim.SymbolicUpdate;
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
 * tensor step it replaces: the same parameters, optimizer state and loss, bit for bit.
 */
class FusedStepTest {
    private static final int N = 90;
    private static final Dataset DATA = SoftmaxFixtures.data(N, 3L);

    /** The optimizers with a symbolic form: every transformation of Transformations but clipping, chained. */
    private static final List<Optimizer<?>> OPTIMIZERS = List.of(Optimizers.sgd(0.05),
            Optimizers.sgd(Schedule.exponential(0.1, 0.9)), Optimizers.momentum(0.05, 0.9), Optimizers.nesterov(0.05, 0.9),
            Optimizers.adam(0.01), Optimizers.adamw(0.01, 0.1), Optimizers.rmsprop(0.01),
            Optimizers.rmsprop(0.01, 0.9, 1e-6, 0.8), Optimizers.adagrad(0.1, 0.1, 1e-10),
            Optimizers.chain(Transformations.addDecayedWeights(1e-3), Optimizers.sgd(0.05)),
            Optimizers.chain(Transformations.scale(0.5), Transformations.trace(0.5, false),
                    Transformations.scaleByAdam(), Transformations.scaleByLearningRate(0.01)));

    @Test
    void everyOptimizerGivesTheBitsOfTheTensorStep() {
        for (Optimizer<?> opt : OPTIMIZERS) {
            Model model = softmax(7L);
            assertTrue(opt.symbolic(model.params().vars(), model.params().vars().map(v -> (Expr) v)).isDefined(),
                    opt.name() + " has a symbolic form, so the fused step is the one tested");
            // Three shuffled epochs of batches of 16, the last of each 10: both programs per shape.
            Epoch fused = Training.of(model, Losses::crossEntropy, opt).epochs(DATA, 16, 11L).get(2);
            Epoch tensor = Training.of(model, Losses::crossEntropy, tensorOnly(opt)).epochs(DATA, 16, 11L).get(2);
            assertEquals(tensor.params(), fused.params(), opt.name());
            assertEquals(tensor.optimizerState(), fused.optimizerState(), opt.name());
            assertEquals(tensor.loss(), fused.loss(), 0, opt.name());
        }
    }

    @Test
    void inFloat32EveryOptimizerStaysFloat32AndGivesTheBitsOfTheTensorStep() {
        // The numbers an update binds (learning rate, betas, bias corrections) are weak: rounded
        // to float32 once, as Tensor.times(double) rounds them in the tensor form. Bound as
        // float64 they would make the fused step compute in float64 and return float64 parameters.
        Dataset data32 = Dataset.of(DATA.x().to(DType.FLOAT32), DATA.y().to(DType.FLOAT32));
        for (Optimizer<?> opt : OPTIMIZERS) {
            Model model64 = softmax(7L);
            Model model = model64.to(DType.FLOAT32);
            Epoch fused = Training.of(model, Losses::crossEntropy, opt).epochs(data32, 16, 11L).get(2);
            Epoch tensor = Training.of(model, Losses::crossEntropy, tensorOnly(opt)).epochs(data32, 16, 11L).get(2);
            assertEquals(Option.some(DType.FLOAT32), fused.params().dtype(), opt.name());
            assertTrue(StateEntries.flatten(fused.optimizerState()).forAll(e -> e._2.shape().isScalar()
                    || e._2.dtype() == DType.FLOAT32), opt.name() + ": every tensor of the state is float32");
            assertEquals(tensor.params(), fused.params(), opt.name());
            assertEquals(tensor.optimizerState(), fused.optimizerState(), opt.name());
            assertEquals(tensor.loss(), fused.loss(), 0, opt.name());
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
    void aStepAloneIsFusedToo() {
        Model model = softmax(8L);
        Batch b = DATA.batches(16).head();
        Training fused = Training.of(model, Losses::crossEntropy, Optimizers.adam(0.01));
        Training tensor = Training.of(model, Losses::crossEntropy, tensorOnly(Optimizers.adam(0.01)));
        TrainState f = fused.start();
        TrainState t = tensor.start();
        for (int i = 0; i < 5; i++) {
            f = fused.step(f, b);
            t = tensor.step(t, b);
        }
        assertEquals(t, f);
    }

    @Test
    void theSymbolicFormIsWhatTrainingRunsAndCheckFiniteRunsTheTensorForm() {
        // A transformation whose two forms disagree on purpose: the symbolic one scales by -0.2.
        GradientTransformation<Boolean> disagreeing = GradientTransformation.of(p -> true,
                (u, s, p) -> new Update<>(u.times(-0.1), s),
                (vars, u) -> {
                    Var k = Var.of("k", Shape.scalar());
                    return Option.some(new SymbolicUpdate<>(u.map(e -> e.times(k)), List.of(k), List.empty(),
                            s -> List.of(Tensor.scalar(-0.2)), (s, values) -> s));
                });
        Model model = softmax(9L);
        Training training = Training.of(model, Losses::crossEntropy, Optimizer.of("disagreeing", disagreeing));
        Params fused = training.epochs(DATA, 30).head().params();
        Params checked = training.checkFinite().epochs(DATA, 30).head().params();
        Params tensor = Training.of(model, Losses::crossEntropy, Optimizers.sgd(0.1)).epochs(DATA, 30).head().params();
        assertEquals(tensor, checked);
        assertNotEquals(tensor, fused);
        assertEquals(Training.of(model, Losses::crossEntropy, Optimizers.sgd(0.2)).epochs(DATA, 30).head().params(), fused);
    }

    @Test
    void anOutputThatIsTheReusedBatchIsCopiedBeforeTheNextBatchOverwritesIt() {
        // d sum(x * w) / dw is x itself, so the gradient program hands the batch's x back as it is;
        // this optimizer keeps the first gradient it sees in its state.
        Var w = variable("w", 2, 2);
        Model model = Model.of(x -> x.times(w), Params.of(w, Tensor.zeros(Shape.of(2, 2))));
        GradientTransformation<Option<Params>> keepFirst = GradientTransformation.of(p -> Option.none(),
                (u, s, p) -> new Update<>(u.times(0.0), s.orElse(Option.some(u))));
        Dataset data = Dataset.of(Tensor.of(Shape.of(4, 2), 1, 2, 3, 4, 5, 6, 7, 8), Tensor.zeros(Shape.of(4, 2)));
        Epoch e = Training.of(model, (p, y) -> p.sum().minus(y.sum()), Optimizer.of("keepFirst", keepFirst))
                .epochs(data, 2).head();
        @SuppressWarnings("unchecked")
        Option<Params> kept = (Option<Params>) e.optimizerState();
        assertEquals(Tensor.of(Shape.of(2, 2), 1, 2, 3, 4), kept.get().get(w), "the first batch's x, not the second's");
    }
}
