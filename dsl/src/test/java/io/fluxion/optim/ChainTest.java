package io.fluxion.optim;

import static io.fluxion.optim.Optimizers.adam;
import static io.fluxion.optim.Optimizers.chain;
import static io.fluxion.optim.Optimizers.sgd;
import static io.fluxion.optim.Transformations.addDecayedWeights;
import static io.fluxion.optim.Transformations.clipByGlobalNorm;
import static io.fluxion.optim.Transformations.scale;
import static io.fluxion.optim.Transformations.scaleByAdam;
import static io.fluxion.optim.Transformations.scaleByLearningRate;
import static io.fluxion.optim.Transformations.scaleBySchedule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.dsl.Dsl;
import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Chains of transformations, clipping by global norm, and the scaling building blocks. */
class ChainTest {
    private static final int STEPS = 12;

    @Test
    void clipThenSgdClipsOnlyWhileTheNormExceedsTheLimit() {
        AtomicInteger clipped = new AtomicInteger();
        TorchReference.Step sgd = TorchReference.sgd(n -> 0.2);
        TorchReference.Step torch = (t, p, g) -> {
            if (TorchReference.clipByGlobalNorm(g, 5.0)) {
                clipped.incrementAndGet();
            }
            sgd.step(t, p, g);
        };
        Quadratic.agree(chain(clipByGlobalNorm(5.0), sgd(0.2)), torch, STEPS);
        // both branches ran: clipped at first, when the gradient is large, and not at the end
        assertTrue(clipped.get() > 0 && clipped.get() < STEPS, "clipped " + clipped.get() + " of " + STEPS);
    }

    @Test
    void clipThenAdamAgreesWithClippingThenTorchAdam() {
        TorchReference.Step adam = TorchReference.adam(n -> 1e-3, 0.9, 0.999, 1e-8, 0);
        TorchReference.Step torch = (t, p, g) -> {
            TorchReference.clipByGlobalNorm(g, 1.0);
            adam.step(t, p, g);
        };
        Optimizer opt = chain(clipByGlobalNorm(1.0), adam(1e-3));
        Quadratic.agree(opt, torch, STEPS);

        Params p = Quadratic.start();
        var step = opt.update(Quadratic.grads(p), opt.init(p), p);
        // clipping keeps no state; Adam, part 1, keeps its moments and counts in its own parts
        assertEquals(List.of("1.0.mu.v", "1.0.mu.W", "1.0.nu.v", "1.0.nu.W", "1.0.count", "1.1.count"),
                step.state().entries().keySet().toList());
        assertEquals(Option.some(1L), step.state().count("1.0"));
    }

    @Test
    void decayBeforeAdamIsTorchAdamWithWeightDecay() {
        TorchReference.Step adam = TorchReference.adam(n -> 0.1, 0.9, 0.999, 1e-8, 0);
        TorchReference.Step torch = (t, p, g) -> {
            TorchReference.addWeightDecay(g, p, 0.1);
            adam.step(t, p, g);
        };
        Quadratic.agree(chain(addDecayedWeights(0.1), adam(0.1)), torch, STEPS);
    }

    @Test
    void threeAndFourPartChainsAgreeWithEachOtherAndWithTorch() {
        var three = chain(clipByGlobalNorm(5.0), addDecayedWeights(0.1), adam(0.05));
        Optimizer four =
                chain(clipByGlobalNorm(5.0), addDecayedWeights(0.1), scaleByAdam(), scaleByLearningRate(0.05));
        TorchReference.Step adam = TorchReference.adam(n -> 0.05, 0.9, 0.999, 1e-8, 0);
        TorchReference.Step torch = (t, p, g) -> {
            TorchReference.clipByGlobalNorm(g, 5.0);
            TorchReference.addWeightDecay(g, p, 0.1);
            adam.step(t, p, g);
        };
        Quadratic.agree(four, torch, STEPS);
        // the same operations in the same order: equal to the last bit
        assertEquals(Quadratic.run(three, STEPS), Quadratic.run(four, STEPS));

        Params p = Quadratic.start();
        OptimizerState state = four.update(Quadratic.grads(p), four.init(p), p).state();
        assertEquals(List.of("2.mu.v", "2.mu.W", "2.nu.v", "2.nu.W", "2.count", "3.count"),
                state.entries().keySet().toList());
        assertEquals(Option.some(1L), state.count("2"));
        assertEquals(Option.some(1L), state.count("3"));
        assertEquals(Option.none(), state.count("0"));
    }

    @Test
    void aChainOfOneAndNestedChainsChangeNothing() {
        List<Params> plain = Quadratic.run(adam(0.1), STEPS);
        assertEquals(plain, Quadratic.run(chain(adam(0.1)), STEPS));
        assertEquals(Quadratic.run(chain(clipByGlobalNorm(5.0), addDecayedWeights(0.1), adam(0.05)), STEPS),
                Quadratic.run(chain(chain(clipByGlobalNorm(5.0), addDecayedWeights(0.1)), adam(0.05)), STEPS));
    }

    @Test
    void scaleAndScaleByScheduleMakeGradientDescentByHand() {
        // scale(-2) then the schedule 0.05 * 0.9^n: SGD with learning rate 0.1 * 0.9^n
        LongToDoubleFunction lr = n -> 2 * 0.05 * Math.pow(0.9, n);
        Quadratic.agree(chain(scale(-2), scaleBySchedule(Schedule.exponential(0.05, 0.9))),
                TorchReference.sgd(lr), STEPS);
    }

    @Test
    void clipByGlobalNormScalesAllParametersTogether() {
        Var a = Dsl.variable("a", 1);
        Var b = Dsl.variable("b", 2);
        Params g = Params.of(a, Tensor.of(Shape.of(1), 3)).and(b, Tensor.of(Shape.of(2), 0, 4));
        // added to zeros, the updates are the parameters
        Optimizer clip = Optimizer.of("clip", clipByGlobalNorm(1.0));
        Params clipped = clip.update(g, clip.init(g), g.zerosLike()).params();
        assertArrayEquals(new double[] {0.6}, clipped.get(a).toArray(), 1e-15);
        assertArrayEquals(new double[] {0, 0.8}, clipped.get(b).toArray(), 1e-15);

        Optimizer loose = Optimizer.of("loose", clipByGlobalNorm(5.0)); // the norm is exactly 5: untouched
        assertEquals(g, loose.update(g, loose.init(g), g.zerosLike()).params());
    }
}
