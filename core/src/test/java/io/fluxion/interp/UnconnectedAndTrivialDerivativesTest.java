package io.fluxion.interp;

import static io.fluxion.interp.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** Derivatives of a variable itself, of constants, and with respect to variables the output does not use. */
class UnconnectedAndTrivialDerivativesTest {
    private final Var x = Var.of("x", Shape.vector(3));
    private final Var s = Var.of("s", Shape.scalar());
    private final Var unused = Var.of("unused", Shape.matrix(2, 2));
    private final Bindings at = Bindings.of(x, Tensor.vector(1, -2, 3)).and(s, 0.5)
            .and(unused, Tensor.zeros(Shape.matrix(2, 2)));

    @Test
    void gradientOfAScalarVariableByItselfIsOne() {
        assertClose(Tensor.scalar(1), Evaluate.evaluate(Reverse.gradients(s, List.of(s)).head(), at), 0, 0, "ds/ds");
        assertClose(Tensor.scalar(1), Tape.record(s, at).gradient(s), 0, 0, "tape ds/ds");
    }

    @Test
    void unconnectedVariablesGetZerosOfTheirShapeOrNone() {
        Expr y = x.square().sum().times(s);
        List<Expr> g = Reverse.gradients(y, List.of(unused, x));
        assertClose(Tensor.zeros(unused.shape()), Evaluate.evaluate(g.head(), at), 0, 0, "unused");
        assertClose(Tensor.vector(1, -2, 3), Evaluate.evaluate(g.get(1), at), "x"); // 2 x s with s = 1/2
        assertTrue(Reverse.vjp(y, List.of(unused), Const.of(1)).head().isEmpty());
        Tape t = Tape.record(y, at);
        assertTrue(t.gradientIfConnected(unused).isEmpty());
        assertClose(Tensor.zeros(unused.shape()), t.gradient(unused), 0, 0, "tape unused");
        assertEquals(List.of(Tensor.zeros(unused.shape())), t.vjp(List.of(unused), Tensor.scalar(2)));
    }

    @Test
    void gradientOfAConstantExpressionIsZero() {
        Expr c = Const.of(2).times(Const.of(3)).exp();
        assertClose(Tensor.zeros(x.shape()), Evaluate.evaluate(Reverse.gradients(c, List.of(x)).head(), at), 0, 0, "");
    }

    @Test
    void tangentOfAnUnconnectedOutputIsZeroOfTheOutputShape() {
        Expr y = s.times(Const.of(2)).broadcastTo(Shape.matrix(2, 3));
        Expr t = Forward.jvp(y, HashMap.of(x, new Const(Tensor.vector(1, 1, 1))));
        assertClose(Tensor.zeros(Shape.matrix(2, 3)), Evaluate.evaluate(t, at), 0, 0, "tangent");
        Expr self = Forward.jvp(x, HashMap.of(x, new Const(Tensor.vector(4, 5, 6))));
        assertClose(Tensor.vector(4, 5, 6), Evaluate.evaluate(self, at), 0, 0, "tangent of x along v");
    }

    @Test
    void aVariableUsedOnManyPathsAccumulates() {
        // y = s·s + sin(s) + s / (1 + s²): dy/ds = 2s + cos s + (1 - s²)/(1 + s²)²
        Expr y = s.times(s).plus(s.sin()).plus(s.div(Const.of(1).plus(s.square())));
        double v = 0.5;
        double expected = 2 * v + Math.cos(v) + (1 - v * v) / Math.pow(1 + v * v, 2);
        assertEquals(expected, Evaluate.evaluate(Reverse.gradients(y, List.of(s)).head(), at).item(), 1e-14);
        assertEquals(expected, Evaluate.evaluate(Forward.jvp(y, HashMap.of(s, Const.of(1))), at).item(), 1e-14);
    }
}
