package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** What Program.run hands out: independent copies of computed values, inputs and constants as they are. */
class ProgramOutputsTest {
    private final Var x = Var.of("x", Shape.vector(3));
    private final Var y = Var.of("y", Shape.vector(3));

    @Test
    void computedOutputsOutliveLaterRuns() {
        Expr s = x.times(x);
        Program p = Compile.compile(List.of(s, s, x));
        Tensor one = Tensor.vector(1, 2, 3);
        List<Tensor> first = p.run(Bindings.of(x, one));
        List<Tensor> second = p.run(Bindings.of(x, Tensor.vector(4, 5, 6)));
        assertEquals(List.of(Tensor.vector(1, 4, 9), Tensor.vector(1, 4, 9), one), first);
        assertEquals(Tensor.vector(16, 25, 36), second.head());
        assertSame(one, first.get(2));
    }

    @Test
    void constantOutputsAndMissingInputs() {
        Program p = Compile.compile(List.of(new Const(Tensor.vector(7, 8, 9)), x.plus(y)));
        UnboundVariableException e = assertThrows(UnboundVariableException.class, () -> p.run(Bindings.empty()));
        assertEquals(List.of(x, y), e.missing());
        Bindings b = Bindings.of(x, Tensor.vector(1, 1, 1)).and(y, Tensor.vector(1, 2, 3));
        assertEquals(List.of(Tensor.vector(7, 8, 9), Tensor.vector(2, 3, 4)), p.run(b));
        // the pooled workspace was left clean by the failed run
        assertEquals(List.of(Tensor.vector(7, 8, 9), Tensor.vector(2, 3, 4)), p.run(b));
    }
}
