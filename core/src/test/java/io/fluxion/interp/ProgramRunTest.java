package io.fluxion.interp;

import static io.fluxion.interp.Approx.assertClose;
import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Repeated runs of one program reuse buffers, but never change results already handed out. */
class ProgramRunTest {
    private final Var x = Var.of("x", Shape.matrix(3, 4));
    private final Expr y = x.tanh().times(x).plus(x.exp()).sum(1);

    @Test
    void earlierResultsSurviveLaterRuns() {
        Program p = Compile.compile(List.of(y, x.sin()));
        Random r = new Random(1);
        Tensor a = uniform(r, x.shape(), -2, 2);
        Tensor b = uniform(r, x.shape(), -2, 2);
        List<Tensor> first = p.run(Bindings.of(x, a));
        List<Tensor> firstCopy = first.map(t -> Tensor.of(t.shape(), t.toArray()));
        p.run(Bindings.of(x, b));
        p.run(Bindings.of(x, b));
        assertEquals(firstCopy, first);
        assertEquals(firstCopy, p.run(Bindings.of(x, a)));
        assertClose(Evaluate.evaluate(y, Bindings.of(x, b)), p.run(Bindings.of(x, b)).head(), "second binding");
    }

    @Test
    void outputsMayBeInputsConstantsOrRepeated() {
        Tensor c = Tensor.vector(1, 2, 3);
        Program p = Compile.compile(List.of(x, new Const(c), y, y));
        Tensor a = uniform(new Random(2), x.shape(), -2, 2);
        List<Tensor> out = p.run(Bindings.of(x, a));
        assertEquals(a, out.get(0));
        assertEquals(c, out.get(1));
        assertClose(Evaluate.evaluate(y, Bindings.of(x, a)), out.get(2), "y");
        assertEquals(out.get(2), out.get(3));
    }

    @Test
    void extraBindingsAreIgnored() {
        Var unused = Var.of("unused", Shape.scalar());
        Program p = Compile.compile(List.of(y));
        Tensor a = uniform(new Random(3), x.shape(), -2, 2);
        assertEquals(p.run(Bindings.of(x, a)), p.run(Bindings.of(x, a).and(unused, 5.0)));
    }

    @Test
    void checkFiniteNamesTheInstructionThatProducedANaN() {
        Var v = Var.of("v", Shape.vector(2));
        Program p = Compile.compile(List.of(v.log().times(v)));
        ArithmeticException e = org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class,
                () -> p.run(Bindings.of(v, Tensor.vector(1, -1)), true));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("log"), e.getMessage());
        // Without the check, the NaN is simply returned.
        org.junit.jupiter.api.Assertions.assertTrue(Double.isNaN(p.run(Bindings.of(v, Tensor.vector(1, -1))).head().get(1)));
    }
}
