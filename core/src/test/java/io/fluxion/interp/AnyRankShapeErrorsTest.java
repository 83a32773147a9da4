package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Shape errors at any rank name the operation and every shape involved, when the node is built. */
class AnyRankShapeErrorsTest {
    private final Var a = Var.of("a", Shape.of(2, 3, 4));
    private final Var b = Var.of("b", Shape.of(5, 4, 3));

    private static void fails(Executable build, String... parts) {
        ShapeException e = assertThrows(ShapeException.class, build);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "'" + e.getMessage() + "' should name " + p);
        }
    }

    @Test
    void broadcastingNamesTheOperationAndBothShapes() {
        fails(() -> a.plus(b), "add", "(2, 3, 4)", "(5, 4, 3)");
        fails(() -> a.times(Var.of("c", Shape.of(3, 3))), "mul", "(2, 3, 4)", "(3, 3)");
    }

    @Test
    void batchedProductsNameTheInnerDimensionsOrTheBatch() {
        fails(() -> a.matmul(Var.of("c", Shape.of(2, 3, 4))), "matmul", "inner", "(2, 3, 4)");
        fails(() -> a.matmul(b), "matmul", "batch", "(2, 3, 4)", "(5, 4, 3)");
    }

    @Test
    void axesAndPermutationsOutOfRange() {
        fails(() -> a.sum(3), "sum", "axis 3", "(2, 3, 4)");
        fails(() -> a.sum(0, 0), "sum", "twice");
        fails(() -> a.transpose(0, 1), "transpose", "(2, 3, 4)");
        fails(() -> a.transpose(0, 0, 1), "transpose", "permutation");
        fails(() -> a.softmax(-4), "softmax", "axis -4");
    }

    @Test
    void structureAtRankThree() {
        fails(() -> a.reshape(5, 5), "reshape", "(2, 3, 4)", "(5, 5)");
        fails(() -> a.slice(2, 3, 6), "slice", "axis 2", "(2, 3, 4)");
        fails(() -> a.squeeze(0), "squeeze", "(2, 3, 4)");
        fails(() -> io.fluxion.op.Structure.concat(1, io.vavr.collection.List.of(a, b)), "concat", "(2, 3, 4)", "(5, 4, 3)");
    }
}
