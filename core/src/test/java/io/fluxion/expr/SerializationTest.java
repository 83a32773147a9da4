package io.fluxion.expr;

import static io.fluxion.expr.Serialized.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Reverse;
import io.fluxion.interp.internal.Graph;
import io.fluxion.op.Arithmetic;
import io.fluxion.op.Op;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Expressions travel (to Spark executors): built-ins by name, records by value, graphs flat. */
class SerializationTest {
    private final Var x = Var.of("x", Shape.of(2, 3));
    private final Var w = Var.of("w", Shape.of(3, 4));

    @Test
    void aLossAndItsGradientCompileToTheSameValuesAfterTheTrip() {
        Expr y = x.matmul(w).softmax().log().times(x.sum(1).expandDims(1)).sum().negate();
        Expr g = Reverse.gradients(y, List.of(w)).head();
        Expr back = roundTrip(g);
        Bindings at = Bindings.of(x, Tensor.of(Shape.of(2, 3), 1, -2, 0.5, 3, 0.25, -1))
                .and(w, Tensor.of(Shape.of(3, 4), 0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9, 1, 1.1, -1.2));
        assertEquals(Evaluate.evaluate(g, at), Evaluate.evaluate(back, at));
        assertEquals(Compile.compile(List.of(g)).run(at).head(), Compile.compile(List.of(back)).run(at).head());
    }

    @Test
    void builtInsArriveAsTheSameConstantsAndSharingIsKept() {
        Expr s = x.sin();
        Apply y = (Apply) roundTrip(s.plus(s));
        assertSame(Arithmetic.ADD, y.op());
        assertSame(y.arg(0), y.arg(1));
        assertEquals(Graph.topologicalOrder(List.of(s.plus(s))).size(), Graph.topologicalOrder(List.of(y)).size());
    }

    @Test
    void aHundredThousandLevelChainTravelsWithoutRecursion() {
        Var v = Var.of("v", Shape.scalar());
        Expr e = v;
        // Default serialization recurses once per level and overflows a default stack long before this.
        for (int i = 0; i < 100_000; i++) {
            e = e.plus(1);
        }
        Expr back = roundTrip(e);
        assertEquals(100_000.5, Evaluate.evaluate(back, Bindings.of(v, 0.5)).item());
    }

    @Test
    void aPrimitiveMadeOfClosuresSaysItCannotTravel() {
        Op mine = Op.of("mine", Notation.call("mine"), s -> s.head(),
                (in, out) -> out.set(in[0]), (n, a, t) -> t, (n, a, c) -> c);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> roundTrip(Apply.of(mine, x)));
        assertTrue(e.getCause() instanceof NotSerializableException && e.getCause().getMessage().contains("'mine'"),
                e.getCause().getMessage());
    }
}
