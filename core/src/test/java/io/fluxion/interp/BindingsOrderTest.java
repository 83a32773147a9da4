package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/**
 * Bindings keep the order in which variables were first bound (the laws draw their random
 * directions in that order), whatever binds them again, and compare by their values alone.
 */
class BindingsOrderTest {
    private final Var x = Var.of("x", Shape.scalar());
    private final Var w = Var.of("w", Shape.vector(2));
    private final Var b = Var.of("b", Shape.scalar());

    @Test
    void bindingAgainKeepsThePlaceAndTakesTheNewValue() {
        Bindings first = Bindings.of(x, 0.0).and(w, Tensor.vector(1, 2)).and(b, 3.0);
        Bindings again = first.and(x, 5.0).and(w, Tensor.vector(7, 8));
        assertEquals(List.of(x, w, b), again.values().keySet().toList());
        assertEquals(List.of(Tensor.scalar(5), Tensor.vector(7, 8), Tensor.scalar(3)), again.values().values().toList());
        assertEquals("Bindings(x (), w (2), b ())", again.toString());
        assertEquals(Tensor.scalar(0), first.get(x).get(), "the first bindings are unchanged");
    }

    @Test
    void fromAMapAndMergedKeepTheOrderTheyCameIn() {
        Bindings fromMap = Bindings.of(LinkedHashMap.of(b, Tensor.scalar(1), x, Tensor.scalar(2)));
        assertEquals(List.of(b, x), fromMap.values().keySet().toList());
        Bindings merged = Bindings.of(w, Tensor.vector(0, 0)).and(x, 9.0).and(fromMap);
        assertEquals(List.of(w, x, b), merged.values().keySet().toList());
        assertEquals(Tensor.scalar(2), merged.get(x).get(), "the merged bindings win");
        assertEquals(Tensor.scalar(1), merged.get(b).get());
    }

    @Test
    void equalityIsByValuesNotOrder() {
        Bindings xb = Bindings.of(x, 1.0).and(b, 2.0);
        Bindings bx = Bindings.of(b, 2.0).and(x, 1.0);
        assertEquals(xb, bx);
        assertEquals(xb.hashCode(), bx.hashCode());
        assertNotEquals(xb, bx.and(x, 1.5));
        assertEquals(Bindings.empty(), Bindings.of(LinkedHashMap.empty()));
    }
}
