package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Slices out of range, reshapes to the wrong size and one-hot indices out of range are clear errors. */
class StructureErrorsTest {
    private final Var m = Var.of("m", Shape.matrix(3, 4));
    private final Var v = Var.of("v", Shape.vector(5));

    private static <T extends Throwable> void fails(Class<T> type, Executable run, String... parts) {
        T e = assertThrows(type, run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should name " + p);
        }
    }

    @Test
    void sliceOutOfRange() {
        fails(ShapeException.class, () -> m.slice(0, 1, 4), "slice", "1..4", "0..3", "(3, 4)");
        fails(ShapeException.class, () -> m.slice(1, -1, 2), "slice", "-1..2", "(3, 4)");
        fails(ShapeException.class, () -> v.slice(0, 3, 3), "slice", "3..3", "(5)");
        fails(ShapeException.class, () -> v.slice(0, 4, 2), "slice", "4..2", "(5)");
        fails(ShapeException.class, () -> v.slice(1, 0, 1), "slice", "axis 1", "(5)");
    }

    @Test
    void reshapeToAWrongSize() {
        fails(ShapeException.class, () -> m.reshape(5, 2), "reshape", "(3, 4)", "(5, 2)");
        fails(ShapeException.class, () -> v.reshape(4), "reshape", "(5)", "(4)");
        fails(ShapeException.class, () -> v.reshape(), "reshape", "(5)", "()");
    }

    @Test
    void oneHotIndexOutOfRangeWhenEvaluated() {
        Var i = Var.of("i", Shape.vector(3));
        Expr h = i.oneHot(4);
        fails(IllegalArgumentException.class, () -> Evaluate.evaluate(h, Bindings.of(i, Tensor.vector(0, 4, 1))),
                "oneHot", "4", "0..3");
        fails(IllegalArgumentException.class, () -> Evaluate.evaluate(h, Bindings.of(i, Tensor.vector(0, 1, -1))),
                "oneHot", "-1", "0..3");
        fails(IllegalArgumentException.class, () -> Evaluate.evaluate(h, Bindings.of(i, Tensor.vector(0, 1.5, 1))),
                "oneHot", "1.5");
    }

    @Test
    void oneHotIndexOutOfRangeWhenACompiledProgramRuns() {
        Var i = Var.of("i", Shape.vector(2));
        var p = Compile.compile(List.of(i.oneHot(3).sum(0)));
        fails(IllegalArgumentException.class, () -> p.run(Bindings.of(i, Tensor.vector(3, 0))), "oneHot", "3", "0..2");
        // the failed run leaves the program usable
        io.fluxion.interp.Approx.assertClose(Tensor.vector(1, 0, 1), p.run(Bindings.of(i, Tensor.vector(2, 0))).head(),
                "after a failure");
    }

    @Test
    void oneHotOfNoClassesIsRefusedAndOfAMatrixAddsAnAxis() {
        fails(ShapeException.class, () -> v.oneHot(0), "oneHot", "0");
        org.junit.jupiter.api.Assertions.assertEquals(Shape.of(3, 4, 5), m.oneHot(5).shape());
    }
}
