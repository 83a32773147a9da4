package io.fluxion.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.nn.Params;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** The README's transformation of one's own: its state, its steps, and its place in a chain. */
class OwnTransformationTest {

    /** The README's sign descent, as written there. */
    static GradientTransformation signs() {
        GradientTransformation signs = (updates, params, c) -> {
            Slot seen = c.zeros("seen");
            Expr rate = c.number("rate", n -> 0.01 / (1 + n));
            Expr zero = c.number("zero", 0);
            List<Expr> step = updates.map(u -> u.gt(zero).select(rate.negate(), rate));
            return Update.of(step).with(seen, seen.values().zip(updates).map(su -> su._1.plus(su._2.abs())));
        };
        return signs;
    }

    @Test
    void itsStateIsItsSlotAndCountInItsPartOfTheChain() {
        Optimizer mine = Optimizers.chain(Transformations.clipByGlobalNorm(1.0), signs());
        Params p = Quadratic.start();
        OptimizerState s = mine.init(p);
        assertEquals(List.of("1.seen.v", "1.seen.W", "1.count"), s.entries().keySet().toList());
        assertEquals(p.zerosLike(), s.slot("1.seen").get());
        assertEquals(Option.some(0L), s.count("1"));
    }

    @Test
    void itStepsAgainstTheGradientsSignsWithADecayingRate() {
        Optimizer mine = Optimizer.of("signs", signs());
        Params p = Quadratic.start();
        Step first = mine.update(Quadratic.grads(p), mine.init(p), p);
        Step second = mine.update(Quadratic.grads(first.params()), first.state(), first.params());
        // every start lies short of its target on the far side from 0: each element moves away from 0
        double[] before = p.get(Quadratic.W).toArray();
        double[] after1 = first.params().get(Quadratic.W).toArray();
        double[] after2 = second.params().get(Quadratic.W).toArray();
        for (int i = 0; i < before.length; i++) {
            assertEquals(0.01 * Math.signum(before[i]), after1[i] - before[i], 1e-15);
            assertEquals(0.005 * Math.signum(before[i]), after2[i] - after1[i], 1e-15);
        }
        assertEquals(Quadratic.grads(p).map(t -> t.map(Math::abs)).plus(Quadratic.grads(first.params()).map(t -> t.map(Math::abs))),
                second.state().slot("seen").get());
        assertTrue(second.state().count("").contains(2L));
    }
}
