package io.fluxion.optim;

import static io.fluxion.optim.Optimizers.adagrad;
import static io.fluxion.optim.Optimizers.adam;
import static io.fluxion.optim.Optimizers.adamw;
import static io.fluxion.optim.Optimizers.momentum;
import static io.fluxion.optim.Optimizers.nesterov;
import static io.fluxion.optim.Optimizers.rmsprop;
import static io.fluxion.optim.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fluxion.nn.Params;
import java.util.function.LongToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer, in its short form (PyTorch's defaults), its full form and with a schedule,
 * agrees step by step with PyTorch's update rule written out in {@link TorchReference}.
 */
class OptimizersTest {
    private static final int STEPS = 12;

    private static LongToDoubleFunction fixed(double lr) {
        return n -> lr;
    }

    // The schedules' formulas written again here: StepLR(0.1, step_size=4, gamma=0.5),
    // ExponentialLR(0.05, gamma=0.9) and cosine decay of 0.02 over 8 steps to 10%.
    private static final LongToDoubleFunction STEP_LR = n -> 0.1 * Math.pow(0.5, n / 4);
    private static final LongToDoubleFunction EXPONENTIAL = n -> 0.05 * Math.pow(0.9, n);
    private static final LongToDoubleFunction COSINE =
            n -> 0.02 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(n, 8) / 8.0)) + 0.1);

    static Stream<Arguments> optimizers() {
        return Stream.of(
                arguments("sgd(0.1)", sgd(0.1), TorchReference.sgd(fixed(0.1))),
                arguments("sgd(StepLR)", sgd(Schedule.step(0.1, 4, 0.5)), TorchReference.sgd(STEP_LR)),
                arguments("momentum(0.05, 0.9)", momentum(0.05, 0.9), TorchReference.momentum(fixed(0.05), 0.9, false)),
                arguments("momentum(exponential, 0.5)", momentum(Schedule.exponential(0.05, 0.9), 0.5),
                        TorchReference.momentum(EXPONENTIAL, 0.5, false)),
                arguments("nesterov(0.05, 0.9)", nesterov(0.05, 0.9), TorchReference.momentum(fixed(0.05), 0.9, true)),
                arguments("nesterov(StepLR, 0.7)", nesterov(Schedule.step(0.1, 4, 0.5), 0.7),
                        TorchReference.momentum(STEP_LR, 0.7, true)),
                arguments("rmsprop(0.01)", rmsprop(0.01), TorchReference.rmsprop(fixed(0.01), 0.99, 1e-8, 0)),
                arguments("rmsprop(0.01, 0.9, 1e-6)", rmsprop(0.01, 0.9, 1e-6),
                        TorchReference.rmsprop(fixed(0.01), 0.9, 1e-6, 0)),
                arguments("rmsprop(0.01, 0.9, 1e-6, momentum 0.8)", rmsprop(0.01, 0.9, 1e-6, 0.8),
                        TorchReference.rmsprop(fixed(0.01), 0.9, 1e-6, 0.8)),
                arguments("rmsprop(cosine)", rmsprop(Schedule.cosine(0.02, 8, 0.1)),
                        TorchReference.rmsprop(COSINE, 0.99, 1e-8, 0)),
                arguments("rmsprop(cosine, 0.95, 1e-7, momentum 0.5)", rmsprop(Schedule.cosine(0.02, 8, 0.1), 0.95, 1e-7, 0.5),
                        TorchReference.rmsprop(COSINE, 0.95, 1e-7, 0.5)),
                arguments("adagrad(0.5)", adagrad(0.5), TorchReference.adagrad(fixed(0.5), 0, 1e-10)),
                arguments("adagrad(0.5, 0.1, 1e-8)", adagrad(0.5, 0.1, 1e-8), TorchReference.adagrad(fixed(0.5), 0.1, 1e-8)),
                arguments("adagrad(StepLR)", adagrad(Schedule.step(0.1, 4, 0.5)), TorchReference.adagrad(STEP_LR, 0, 1e-10)),
                arguments("adam(0.1)", adam(0.1), TorchReference.adam(fixed(0.1), 0.9, 0.999, 1e-8, 0)),
                arguments("adam(0.1, 0.8, 0.99, 1e-6)", adam(0.1, 0.8, 0.99, 1e-6),
                        TorchReference.adam(fixed(0.1), 0.8, 0.99, 1e-6, 0)),
                arguments("adam(exponential)", adam(Schedule.exponential(0.05, 0.9)),
                        TorchReference.adam(EXPONENTIAL, 0.9, 0.999, 1e-8, 0)),
                arguments("adamw(0.1)", adamw(0.1), TorchReference.adam(fixed(0.1), 0.9, 0.999, 1e-8, 0.01)),
                arguments("adamw(0.1, 0.05)", adamw(0.1, 0.05), TorchReference.adam(fixed(0.1), 0.9, 0.999, 1e-8, 0.05)),
                arguments("adamw(0.1, 0.8, 0.99, 1e-6, 0.1)", adamw(0.1, 0.8, 0.99, 1e-6, 0.1),
                        TorchReference.adam(fixed(0.1), 0.8, 0.99, 1e-6, 0.1)),
                arguments("adamw(StepLR, 0.2)", adamw(Schedule.step(0.1, 4, 0.5), 0.2),
                        TorchReference.adam(STEP_LR, 0.9, 0.999, 1e-8, 0.2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void agreesWithPyTorchStepByStep(String name, Optimizer opt, TorchReference.Step torch) {
        Quadratic.agree(opt, torch, STEPS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void movesTowardsTheMinimum(String name, Optimizer opt, TorchReference.Step torch) {
        // Guards the agreement test against a reference that is wrong in the same way: the loss falls.
        Params last = Quadratic.run(opt, STEPS).last();
        double before = Quadratic.start().minus(Quadratic.target()).globalNorm();
        double after = last.minus(Quadratic.target()).globalNorm();
        assertTrue(after < before, name + ": distance to the target went from " + before + " to " + after);
    }

    @org.junit.jupiter.api.Test
    void adamCountsItsStepsFromOne() {
        var opt = adam(0.1);
        Params p = Quadratic.start();
        var s = opt.init(p);
        assertEquals(io.vavr.control.Option.some(0L), s.count("0"));
        var step = opt.update(Quadratic.grads(p), s, p);
        assertEquals(io.vavr.control.Option.some(1L), step.state().count("0"));
        assertEquals(io.vavr.control.Option.some(1L), step.state().count("1"));
        // After one step Adam's bias-corrected move is lr * g / (|g| + eps) = lr in size, whatever g.
        double[] moved = step.params().get(Quadratic.V).minus(p.get(Quadratic.V)).toArray();
        for (double d : moved) {
            assertEquals(0.1, Math.abs(d), 1e-8);
        }
    }
}
