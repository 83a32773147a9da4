package io.fluxion.interp;

import static io.fluxion.interp.Approx.assertClose;
import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** compile computes structurally equal nodes once: equal primitives (values) over the same arguments. */
class CommonSubexpressionTest {
    private final Var x = Var.of("x", Shape.of(3, 4));
    private final Tensor at = uniform(new Random(5), Shape.of(3, 4), -2, 2);

    @Test
    void aSumWrittenTwiceIsComputedOnce() {
        Expr twice = x.sum(1).plus(x.sum(1));
        Program p = Compile.compile(List.of(twice));
        assertTrue(p.size() <= 2, p.listing());
        assertClose(Evaluate.evaluate(twice, Bindings.of(x, at)), p.run(Bindings.of(x, at)).head(), "value");
    }

    @Test
    void sumsAlongDifferentAxesAreNotMerged() {
        Expr both = x.sum(0).sum().plus(x.sum(1).sum());
        Program p = Compile.compile(List.of(both));
        assertEquals(2, p.listing().lines().filter(l -> l.contains("= sum[axis=")).count(), p.listing());
    }

    @Test
    void theGradientOfMaxComputesItsMaskOnce() {
        Expr f = x.max(1).times(new Const(uniform(new Random(6), Shape.of(3), -1, 1))).sum();
        Expr g = io.fluxion.interp.Reverse.gradients(f, List.of(x)).head();
        Program p = Compile.compile(List.of(g));
        assertEquals(1, p.listing().lines().filter(l -> l.contains("= eq ")).count(), p.listing());
        assertClose(Evaluate.evaluate(g, Bindings.of(x, at)), p.run(Bindings.of(x, at)).head(), "gradient");
    }

    @Test
    void equalConstantsAreOneSlot() {
        Expr e = x.times(new Const(Tensor.full(Shape.of(3, 4), 2))).plus(x.times(new Const(Tensor.full(Shape.of(3, 4), 2))));
        Program p = Compile.compile(List.of(e));
        assertTrue(p.size() <= 2, p.listing());
        assertClose(Evaluate.evaluate(e, Bindings.of(x, at)), p.run(Bindings.of(x, at)).head(), "value");
    }
}
