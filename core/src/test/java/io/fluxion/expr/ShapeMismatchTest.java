package io.fluxion.expr;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.op.Structure;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A shape error is thrown by the call that builds the bad node, naming the operation and the shapes. */
class ShapeMismatchTest {
    private final Var m23 = Var.of("a", Shape.matrix(2, 3));
    private final Var m45 = Var.of("b", Shape.matrix(4, 5));
    private final Var v3 = Var.of("u", Shape.vector(3));
    private final Var v4 = Var.of("w", Shape.vector(4));
    private final Var s = Var.of("s", Shape.scalar());

    private static void fails(Executable build, String... parts) {
        ShapeException e = assertThrows(ShapeException.class, build);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should name " + p);
        }
    }

    @Test
    void matmulWithDifferentInnerDimensions() {
        fails(() -> m23.matmul(m45), "matmul", "(2, 3)", "(4, 5)");
        fails(() -> v3.matmul(v4), "matmul", "(3)", "(4)");
        fails(() -> m23.matmul(v4), "matmul", "(2, 3)", "(4)");
        fails(() -> v4.matmul(m23), "matmul", "(4)", "(2, 3)");
    }

    @Test
    void matmulOfAScalar() {
        fails(() -> s.matmul(m23), "matmul", "()", "(2, 3)");
    }

    @Test
    void elementwiseOperationsThatDoNotBroadcast() {
        fails(() -> v3.plus(v4), "add", "(3)", "(4)");
        fails(() -> v3.minus(v4), "sub", "(3)", "(4)");
        fails(() -> m23.times(m45), "mul", "(2, 3)", "(4, 5)");
        fails(() -> m23.div(v4), "div", "(2, 3)", "(4)");
        fails(() -> v4.pow(m23), "pow", "(4)", "(2, 3)");
        fails(() -> v4.gt(v3), "gt", "(4)", "(3)");
        fails(() -> m23.transpose().plus(m23), "add", "(3, 2)", "(2, 3)");
    }

    @Test
    void whereWithBranchesThatDoNotBroadcast() {
        fails(() -> Structure.where(m23, v3, v4), "where", "(3)", "(4)");
    }

    @Test
    void concatOfPartsThatDisagree() {
        fails(() -> Structure.concat(0, List.of(m23, m45)), "concat", "(2, 3)", "(4, 5)");
        fails(() -> Structure.concat(0, List.of(m23, v3)), "concat", "(2, 3)", "(3)");
    }

    @Test
    void axisOutOfRange() {
        fails(() -> m23.sum(2), "sum", "axis 2", "(2, 3)");
        fails(() -> v3.mean(1), "mean", "axis 1", "(3)");
        fails(() -> s.max(0), "max", "axis 0", "()");
        fails(() -> m23.argmax(-3), "argmax", "axis -3", "(2, 3)");
    }

    @Test
    void softmaxOfAScalar() {
        fails(s::softmax, "softmax", "scalar");
    }

    @Test
    void broadcastToAndSumToOfIncompatibleShapes() {
        fails(() -> v3.broadcastTo(Shape.matrix(2, 4)), "broadcastTo", "(3)", "(2, 4)");
        fails(() -> m23.sumTo(Shape.vector(2)), "sumTo", "(2, 3)", "(2)");
    }
}
