package io.fluxion.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fluxion.nn.Params;
import io.vavr.collection.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No optimizer changes its inputs, and the same inputs always give the same step. */
class PurityTest {

    private static List<double[]> elements(Params p) {
        return p.values().map(t -> t.toArray());
    }

    private static void assertSameElements(List<double[]> expected, Params actual, String what) {
        List<double[]> got = elements(actual);
        assertEquals(expected.size(), got.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), got.get(i), what + " changed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.fluxion.optim.OptimizersTest#optimizers")
    void updateChangesNoneOfItsInputs(String name, Optimizer opt, TorchReference.Step unused) {
        Params p = Quadratic.start();
        Params g = Quadratic.grads(p);
        List<double[]> pBefore = elements(p);
        List<double[]> gBefore = elements(g);
        OptimizerState s0 = opt.init(p);

        Step first = opt.update(g, s0, p);
        assertSameElements(pBefore, p, name + ": the parameters");
        assertSameElements(gBefore, g, name + ": the gradients");
        assertEquals(opt.init(p), s0, name + ": the state passed in");
        assertNotEquals(p, first.params(), name + ": the step moved nothing");

        Step second = opt.update(Quadratic.grads(first.params()), first.state(), first.params());
        assertEquals(first, opt.update(g, s0, p), name + ": the same inputs gave another step");
        assertNotEquals(first.params(), second.params());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.fluxion.optim.OptimizersTest#optimizers")
    void twoRunsAreIdentical(String name, Optimizer opt, TorchReference.Step unused) {
        assertEquals(Quadratic.run(opt, 12), Quadratic.run(opt, 12), name);
    }
}
