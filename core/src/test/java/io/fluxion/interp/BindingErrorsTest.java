package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Linearise;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.HashMap;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Unbound variables (all of them listed), bindings of the wrong shape, and misshaped seeds are clear errors. */
class BindingErrorsTest {
    private final Var x = Var.of("x", Shape.vector(3));
    private final Var y = Var.of("y", Shape.scalar());
    private final Var z = Var.of("z", Shape.matrix(2, 3));
    private final Expr e = x.times(y).plus(z).sum();
    private final Bindings onlyY = Bindings.of(y, 2.0);

    private void listsXAndZ(Executable run) {
        UnboundVariableException u = assertThrows(UnboundVariableException.class, run);
        assertEquals(HashSet.of(x, z), HashSet.ofAll(u.missing()));
        String msg = u.getMessage();
        assertTrue(msg.contains("x (3)") && msg.contains("z (2, 3)"), msg);
        assertFalse(msg.substring(0, msg.indexOf(';')).contains("y"), "y is bound, not missing: " + msg);
        assertTrue(msg.endsWith("; bound: y ()"), msg);
    }

    @Test
    void evaluateListsEveryMissingVariable() {
        listsXAndZ(() -> Evaluate.evaluate(e, onlyY));
    }

    @Test
    void programRunListsEveryMissingVariable() {
        Program p = Compile.compile(List.of(e));
        listsXAndZ(() -> p.run(onlyY));
        Program plain = Linearise.linearise(List.of(e, Reverse.gradients(e, List.of(x)).head()));
        listsXAndZ(() -> plain.run(onlyY));
    }

    @Test
    void tapeListsEveryMissingVariable() {
        listsXAndZ(() -> Tape.record(e, onlyY));
    }

    @Test
    void aDifferentVariableWithTheSameNameIsNamedAsSuchInEveryInterpreter() {
        // Variables are matched by identity: a second Var.of("x", ...) is another variable.
        Var otherX = Var.of("x", Shape.vector(3));
        Bindings b = onlyY.and(otherX, Tensor.vector(1, 2, 3)).and(z, Tensor.zeros(z.shape()));
        for (Executable run : List.<Executable>of(() -> Evaluate.evaluate(e, b), () -> Compile.compile(List.of(e)).run(b),
                () -> Tape.record(e, b))) {
            UnboundVariableException u = assertThrows(UnboundVariableException.class, run);
            assertEquals(List.of(x), u.missing());
            String msg = u.getMessage();
            assertTrue(msg.contains("unbound variable: x (3)"), msg);
            assertTrue(msg.contains("a different variable named 'x' is bound"), msg);
            assertTrue(msg.contains("identity, not by name"), msg);
            assertTrue(msg.contains("bind the Var the expression was built with"), msg);
        }
    }

    @Test
    void aMisspeltBindingListsWhatIsBound() {
        Var typo = Var.of("xx", Shape.vector(3));
        Bindings b = onlyY.and(typo, Tensor.vector(1, 2, 3)).and(z, Tensor.zeros(z.shape()));
        UnboundVariableException u = assertThrows(UnboundVariableException.class, () -> Evaluate.evaluate(e, b));
        assertTrue(u.getMessage().contains("bound: y (), xx (3), z (2, 3)"), u.getMessage());
        assertFalse(u.getMessage().contains("different variable"), u.getMessage());
        UnboundVariableException none = assertThrows(UnboundVariableException.class,
                () -> Evaluate.evaluate(e, Bindings.empty()));
        assertTrue(none.getMessage().contains("nothing is bound"), none.getMessage());
    }

    @Test
    void aBindingOfTheWrongShape() {
        ShapeException s = assertThrows(ShapeException.class, () -> Bindings.of(x, Tensor.vector(1, 2)));
        assertTrue(s.getMessage().contains("'x'") && s.getMessage().contains("(3)") && s.getMessage().contains("(2)"),
                s.getMessage());
        ShapeException t = assertThrows(ShapeException.class, () -> onlyY.and(z, Tensor.zeros(Shape.matrix(3, 2))));
        assertTrue(t.getMessage().contains("'z'") && t.getMessage().contains("(2, 3)")
                && t.getMessage().contains("(3, 2)"), t.getMessage());
        assertThrows(ShapeException.class, () -> Bindings.of(y, Tensor.vector(1)));
    }

    @Test
    void aTangentOrCotangentOfTheWrongShape() {
        ShapeException j = assertThrows(ShapeException.class,
                () -> Forward.jvp(e, HashMap.of(x, new Const(Tensor.zeros(Shape.vector(4))))));
        assertTrue(j.getMessage().contains("jvp") && j.getMessage().contains("'x'") && j.getMessage().contains("(4)"),
                j.getMessage());
        ShapeException v = assertThrows(ShapeException.class,
                () -> Reverse.vjp(z.sin(), List.of(z), new Const(Tensor.zeros(Shape.matrix(3, 2)))));
        assertTrue(v.getMessage().contains("vjp") && v.getMessage().contains("(3, 2)")
                && v.getMessage().contains("(2, 3)"), v.getMessage());
    }

    @Test
    void tapeGradientOfANonScalarPointsToVjpAndJacobian() {
        Tape t = Tape.record(z.sin(), Bindings.of(z, Tensor.zeros(z.shape())));
        ShapeException s = assertThrows(ShapeException.class, () -> t.gradient(z));
        assertTrue(s.getMessage().contains("(2, 3)") && s.getMessage().contains("jacobian"), s.getMessage());
    }
}
