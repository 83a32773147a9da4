package io.fluxion.dsl;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.gradients;
import static io.fluxion.dsl.Dsl.jacobian;
import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.tensor.ShapeException;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** Misuse of the Dsl transforms gets a message that says what was wrong and what to use instead. */
class DslErrorsTest {
    private final Var x = variable("x", 3);

    @Test
    void gradOfANonScalarPointsToJacobian() {
        ShapeException e = assertThrows(ShapeException.class, () -> grad(x.sin(), x));
        assertTrue(e.getMessage().contains("(3)") && e.getMessage().contains("jacobian"), e.getMessage());
        ShapeException f = assertThrows(ShapeException.class, () -> gradients(x.sin(), List.of(x)));
        assertTrue(f.getMessage().contains("jacobian"), f.getMessage());
    }

    @Test
    void gradOfAFunctionWithANonScalarResult() {
        ShapeException e = assertThrows(ShapeException.class, () -> grad(v -> v.exp()).apply(x));
        assertTrue(e.getMessage().contains("jacobian"), e.getMessage());
    }

    @Test
    void compileWithoutOutputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> compile());
        assertTrue(e.getMessage().contains("output"), e.getMessage());
    }
}
