package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.op.Op;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.internal.Kernels;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The checker itself must fail on a primitive whose rules are wrong, in each mode and order. */
class DerivativeCheckTest {
    private static final io.fluxion.tensor.Tensor AT = Points.uniform(new Random(1), Shape.matrix(2, 3), -2, 2);

    /** A sine whose JVP and VJP rules are given. */
    private static Op sine(Op.Rule jvp, Op.Rule vjp) {
        return Op.of("testSin", Notation.call("testSin"), s -> s.head(), (in, out) -> Kernels.map(in[0], Math::sin, out),
                jvp, vjp);
    }

    private static Expr cosTimes(Apply node, Expr seed) {
        return seed.times(node.arg(0).cos());
    }

    private static void checkWith(Op op) {
        DerivativeCheck.checkDerivatives(op.name(), a -> Apply.of(op, a.get(0)), List.of(AT), 1);
    }

    @Test
    void correctRulesPass() {
        checkWith(sine((n, i, t) -> cosTimes(n, t), (n, i, c) -> cosTimes(n, c)));
    }

    @Test
    void aWrongJvpFails() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> checkWith(sine((n, i, t) -> cosTimes(n, t).times(1.0001), (n, i, c) -> cosTimes(n, c))));
        assertTrue(e.getMessage().contains("jvp"), e.getMessage());
    }

    @Test
    void aWrongVjpFails() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> checkWith(sine((n, i, t) -> cosTimes(n, t), (n, i, c) -> cosTimes(n, c).times(1.0001))));
        assertTrue(e.getMessage().contains("gradient"), e.getMessage());
    }

    @Test
    void aRuleRightOnlyToFirstOrderFails() {
        // The derivative's value is right, but it is not differentiable again.
        Op.Rule frozen = (n, i, s) -> s.times(n.arg(0).cos().stopGradient());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> checkWith(sine(frozen, frozen)));
        assertTrue(e.getMessage().contains("second derivative"), e.getMessage());
    }
}
