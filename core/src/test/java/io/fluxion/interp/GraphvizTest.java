package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** DOT output: one node per distinct sub-expression, with values and adjoints from a tape. */
class GraphvizTest {
    private final Var x = Var.of("x", Shape.scalar());

    @Test
    void sharedNodesAppearOnceAndEdgesFollowArguments() {
        Expr s = x.sin();
        Expr y = s.times(s);
        String dot = Graphviz.dot(List.of(y));
        assertTrue(dot.startsWith("digraph"), dot);
        assertEquals(3, dot.split("label=").length - 1, dot); // x, sin, mul
        assertEquals(3, dot.split("->").length - 1, dot);      // x->sin, sin->mul twice
    }

    @Test
    void aTapeAddsValuesAndAdjoints() {
        Expr y = x.times(x).plus(x);   // at x = 3: y = 12, dy/dx = 2x + 1 = 7, dy/d(x*x) = 1
        String dot = Graphviz.dot(Tape.record(y, Bindings.of(x, 3.0)));
        assertTrue(dot.contains("x ()\\nvalue 3\\nadjoint 7"), dot);
        assertTrue(dot.contains("mul\\nvalue 9\\nadjoint 1"), dot);
        assertTrue(dot.contains("add\\nvalue 12\\nadjoint 1"), dot);
    }
}
