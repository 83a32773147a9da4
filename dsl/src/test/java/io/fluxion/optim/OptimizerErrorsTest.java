package io.fluxion.optim;

import static io.fluxion.optim.Optimizers.adagrad;
import static io.fluxion.optim.Optimizers.adam;
import static io.fluxion.optim.Optimizers.adamw;
import static io.fluxion.optim.Optimizers.chain;
import static io.fluxion.optim.Optimizers.momentum;
import static io.fluxion.optim.Optimizers.nesterov;
import static io.fluxion.optim.Optimizers.rmsprop;
import static io.fluxion.optim.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fluxion.dsl.Dsl;
import io.fluxion.nn.Params;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.function.DoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad argument is an IllegalArgumentException that names the optimizer and the value. */
class OptimizerErrorsTest {

    private static void fails(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1e-3, Double.NaN, Double.POSITIVE_INFINITY})
    void aLearningRateThatIsNotPositiveAndFinite(double lr) {
        List<String> names = List.of("sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adam", "adamw");
        List<DoubleFunction<Optimizer>> factories = List.of(
                Optimizers::sgd, x -> momentum(x, 0.9), x -> nesterov(x, 0.9), Optimizers::rmsprop,
                Optimizers::adagrad, Optimizers::adam, Optimizers::adamw);
        names.zip(factories).forEach(nf -> fails(nf._1 + ": learning rate must be positive and finite, got " + lr,
                () -> nf._2.apply(lr)));
        fails("rmsprop: learning rate must be positive and finite, got " + lr, () -> rmsprop(lr, 0.9, 1e-8, 0.5));
        fails("adamw: learning rate must be positive and finite, got " + lr, () -> adamw(lr, 0.9, 0.99, 1e-8, 0.1));
        fails("scaleByLearningRate: learning rate must be positive and finite, got " + lr,
                () -> Transformations.scaleByLearningRate(lr));
    }

    @Test
    void betasOutsideZeroToOne() {
        fails("adam: beta1 must be in [0, 1), got 1.0", () -> adam(0.1, 1.0, 0.999, 1e-8));
        fails("adam: beta2 must be in [0, 1), got -0.1", () -> adam(0.1, 0.9, -0.1, 1e-8));
        fails("adam: beta1 must be in [0, 1), got NaN", () -> adam(Schedule.constant(0.1), Double.NaN, 0.999, 1e-8));
        fails("adamw: beta2 must be in [0, 1), got 1.5", () -> adamw(0.1, 0.9, 1.5, 1e-8, 0.01));
        fails("momentum: beta must be in [0, 1), got 1.0", () -> momentum(0.1, 1.0));
        fails("nesterov: beta must be in (0, 1), got 0.0", () -> nesterov(0.1, 0.0));
        fails("rmsprop: alpha must be in [0, 1), got 1.0", () -> rmsprop(0.1, 1.0, 1e-8));
        fails("rmsprop: momentum must be in [0, 1), got -0.5", () -> rmsprop(0.1, 0.99, 1e-8, -0.5));
        fails("trace: decay must be in [0, 1), got 2.0", () -> Transformations.trace(2.0, false));
        fails("scaleByAdam: beta2 must be in [0, 1), got 1.0", () -> Transformations.scaleByAdam(0.9, 1.0, 1e-8));
    }

    @Test
    void epsThatIsNotPositive() {
        fails("adam: eps must be positive and finite, got 0.0", () -> adam(0.1, 0.9, 0.999, 0));
        fails("adamw: eps must be positive and finite, got -1.0E-8", () -> adamw(0.1, 0.9, 0.999, -1e-8, 0.01));
        fails("rmsprop: eps must be positive and finite, got -1.0", () -> rmsprop(0.1, 0.99, -1));
        fails("adagrad: eps must be positive and finite, got NaN", () -> adagrad(0.1, 0, Double.NaN));
        fails("scaleByRms: eps must be positive and finite, got 0.0", () -> Transformations.scaleByRms(0.9, 0));
    }

    @Test
    void otherBadHyperparameters() {
        fails("adamw: weightDecay must be at least 0 and finite, got -0.01", () -> adamw(0.1, -0.01));
        fails("adagrad: initialAccumulator must be at least 0 and finite, got -1.0", () -> adagrad(0.1, -1, 1e-10));
        fails("clipByGlobalNorm: maxNorm must be positive and finite, got 0.0", () -> Transformations.clipByGlobalNorm(0));
        fails("scale: factor must be finite, got NaN", () -> Transformations.scale(Double.NaN));
        fails("addDecayedWeights: weightDecay must be at least 0 and finite, got Infinity",
                () -> Transformations.addDecayedWeights(Double.POSITIVE_INFINITY));
        fails("chain: needs at least one transformation", () -> chain());
    }

    @Test
    void gradientsThatDoNotMatchTheParameters() {
        Params p = Quadratic.start();
        var opt = adam(0.1);
        var state = opt.init(p);
        Params onlyV = Params.of(Quadratic.V, p.get(Quadratic.V));
        fails("adam: the gradients have no value for W (2, 2)", () -> opt.update(onlyV, state, p));

        var otherW = Dsl.variable("W", 2, 3);
        Params wrongShape = onlyV.and(otherW, Tensor.zeros(Shape.of(2, 3)));
        fails("adam: the gradients have no value for W (2, 2); the gradients hold another variable of that name, W (2, 3)",
                () -> opt.update(wrongShape, state, p));

        var extra = Dsl.variable("c");
        fails("sgd: the gradients hold c (), which the parameters do not",
                () -> sgd(0.1).update(Quadratic.grads(p).and(extra, Tensor.scalar(1)), sgd(0.1).init(p), p));
    }

    @Test
    void aScheduleThatGoesNegativeOrNonFinite() {
        Params p = Quadratic.start();
        var opt = sgd(step -> step < 2 ? 0.1 : -0.1);
        var s0 = opt.init(p);
        var s2 = Stream.iterate(new Step(p, s0), st -> opt.update(Quadratic.grads(st.params()), st.state(), st.params()))
                .skip(2).findFirst().orElseThrow();
        fails("sgd: the learning-rate schedule gave -0.1 at step 2",
                () -> opt.update(Quadratic.grads(s2.params()), s2.state(), s2.params()));
        fails("adam: the learning-rate schedule gave NaN at step 0",
                () -> adam(step -> Double.NaN).update(Quadratic.grads(p), adam(step -> Double.NaN).init(p), p));
        var byInfinity = Optimizer.of("byInfinity", Transformations.scaleBySchedule(step -> Double.POSITIVE_INFINITY));
        fails("scaleBySchedule: the schedule gave Infinity at step 0",
                () -> byInfinity.update(p, byInfinity.init(p), p));
    }

    @Test
    void badSchedules() {
        fails("Schedule.constant: learning rate must be positive and finite, got 0.0", () -> Schedule.constant(0));
        fails("Schedule.step: stepSize must be at least 1, got 0", () -> Schedule.step(0.1, 0, 0.5));
        fails("Schedule.step: gamma must be positive and finite, got -0.5", () -> Schedule.step(0.1, 2, -0.5));
        fails("Schedule.exponential: learning rate must be positive and finite, got NaN",
                () -> Schedule.exponential(Double.NaN, 0.9));
        fails("Schedule.cosine: alpha must be at least 0 and finite, got -1.0", () -> Schedule.cosine(0.1, 10, -1));
        fails("Schedule.cosine: decaySteps must be at least 1, got 0", () -> Schedule.cosine(0.1, 0, 0));
        fails("Schedule.warmup: start must be at least 0 and finite, got -0.1",
                () -> Schedule.warmup(-0.1, 5, Schedule.constant(1)));
        fails("Schedule.warmupCosine: decaySteps must exceed warmupSteps (10), got 10",
                () -> Schedule.warmupCosine(0, 1, 10, 10, 0));
        fails("Schedule: step must be at least 0, got -1", () -> Schedule.cosine(0.1, 10, 0).at(-1));
    }

    @Test
    void theStateOfAnotherOptimizerOrModelIsNamed() {
        Params p = Quadratic.start();
        var opt = chain(Transformations.scale(1), Transformations.scale(2), Transformations.scale(3), sgd(0.1));
        fails("chain: the optimizer state does not fit this optimizer: it holds count (parameters v#"
                + Quadratic.V.id() + ", W#" + Quadratic.W.id() + "), the optimizer's state has 3.count (parameters v#"
                + Quadratic.V.id() + ", W#" + Quadratic.W.id() + "); was it made by another optimizer, or for another "
                + "model's parameters?", () -> opt.update(Quadratic.grads(p), sgd(0.1).init(p), p));

        var v = Dsl.variable("v", 3);
        Params other = Params.of(v, p.get(Quadratic.V));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam(0.1).update(Quadratic.grads(p), adam(0.1).init(other), p));
        assertEquals(true, e.getMessage().startsWith("adam: the optimizer state does not fit this optimizer: it holds "
                + "0.mu.v, 0.nu.v, 0.count, 1.count (parameters v#" + v.id() + ")"), e.getMessage());
    }

    @Test
    void aTransformationWhoseUpdateIsMalformedIsNamed() {
        Params p = Quadratic.start();
        fails("short: the updates are 1 expressions for 2 parameters", () -> Optimizer.of("short",
                (GradientTransformation) (u, vars, c) -> Update.of(u.take(1))).update(Quadratic.grads(p),
                        sgd(0.1).init(p), p));
        fails("flat: the updates give shape (4) for parameter W of shape (2, 2)", () -> Optimizer.of("flat",
                (GradientTransformation) (u, vars, c) -> Update.of(u.map(x -> x.reshape(x.shape().size()))))
                .init(p));
        GradientTransformation stray = (u, vars, c) -> Update.of(u).with(new UpdateContext("", new Declarations(vars))
                .zeros("elsewhere"), u);
        fails("stray: the update gives next values for slot elsewhere, which it did not declare with its context's "
                + "zeros or filled", () -> Optimizer.of("stray", stray).update(Quadratic.grads(p), sgd(0.1).init(p), p));
        fails("UpdateContext: a slot name must be non-blank and hold no '.', got 'a.b'", () -> Optimizer.of("dots",
                (GradientTransformation) (u, vars, c) -> Update.of(u).with(c.zeros("a.b"), u)).init(p));
        fails("UpdateContext: the slot 0.m is declared twice", () -> Optimizers.chain((GradientTransformation)
                (u, vars, c) -> {
                    c.zeros("m");
                    return Update.of(u).with(c.zeros("m"), u);
                }).init(p));
    }
}
