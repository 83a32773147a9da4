package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** Bad scans are refused where they are built or first run, with what was wrong. */
class ScanErrorsTest {
    private final Var h = Var.of("h", Shape.vector(2));
    private final Var seq = Var.of("seq", Shape.matrix(4, 2));

    @Test
    void aBodyThatChangesTheCarrysShapeIsRefusedWhenBuilt() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Scan.scan((c, x) -> Tuple.of(c.sum(), x), h, seq));
        assertTrue(e.getMessage().contains("carry of shape (2) into one of shape ()"), e.getMessage());
    }

    @Test
    void aScalarSequenceIsRefused() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Scan.scan((c, x) -> Tuple.of(c, x), h, Var.of("s", Shape.scalar())));
        assertTrue(e.getMessage().contains("xs must have a leading axis"), e.getMessage());
    }

    @Test
    void aBodyThatReturnsNothingIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scan.scan((c, x) -> null, h, seq));
        assertTrue(e.getMessage().contains("must return (next carry, output)"), e.getMessage());
    }

    @Test
    void aFloat32CarryInAFloat64LoopIsRefusedEvaluatedAndCompiled() {
        Expr ys = Scan.scan((c, x) -> Tuple.of(c.plus(x), c.sum()), h, seq)._2;
        Bindings b = Bindings.empty().and(h, Tensor.vector(1, 2).to(DType.FLOAT32))
                .and(seq, Tensor.zeros(seq.shape()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Evaluate.evaluate(ys, b));
        assertTrue(e.getMessage().contains("the carry 'carry' is float32 but the loop computes in float64"), e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> Compile.compile(List.of(ys)).run(b));
        assertTrue(c.getMessage().contains("is float32 but the loop computes in float64"), c.getMessage());
    }

    @Test
    void aFloat64CarryMeetingFloat32ValuesPromotesThem() {
        Expr ys = Scan.scan((c, x) -> Tuple.of(c.plus(x), c.sum()), h, seq)._2;
        Bindings b = Bindings.empty().and(h, Tensor.vector(1, 2)).and(seq, Tensor.ones(seq.shape()).to(DType.FLOAT32));
        Tensor v = Evaluate.evaluate(ys, b);
        assertTrue(v.dtype() == DType.FLOAT64 && v.closeTo(Tensor.vector(3, 5, 7, 9), 0), v::toString);
    }

    @Test
    void theWrongArgumentsForADeclaredLoopAreNamed() {
        Expr ys = Scan.scan((c, x) -> Tuple.of(c.plus(x), c.sum()), h, seq)._2;
        io.fluxion.expr.Apply node = (io.fluxion.expr.Apply) List.ofAll(Graph.topologicalOrder(List.of(ys)))
                .find(e -> e instanceof io.fluxion.expr.Apply a && a.op() instanceof Scan).get();
        ShapeException e = assertThrows(ShapeException.class,
                () -> io.fluxion.expr.Apply.of(node.op(), h, Var.of("longer", Shape.matrix(5, 2))));
        assertTrue(e.getMessage().contains("sequence 0 has shape (5, 2); the loop needs (4, 2)"), e.getMessage());
    }
}
