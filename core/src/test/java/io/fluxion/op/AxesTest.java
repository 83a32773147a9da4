package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Axes, the public parameter of the reductions: what a reduction's record holds, and a negative mask refused. */
class AxesTest {

    @Test
    void aReductionsAxesArePublicValues() {
        Var x = Var.of("x", Shape.of(2, 3, 4));
        Reduction.Sum sum = (Reduction.Sum) ((Apply) x.sum(0, -1)).op();
        assertEquals(new Axes(0b101), sum.axes());
        assertTrue(sum.axes().has(2) && !sum.axes().has(1));
        assertEquals("(0, 2)", sum.axes().toString());
        Reduction.Sum all = (Reduction.Sum) ((Apply) x.sum()).op();
        assertEquals(Axes.ALL, all.axes());
        assertEquals("all", Axes.ALL.toString());
        assertFalse(new Axes(0b10).has(0));
    }

    @Test
    void aNegativeMaskOtherThanAllIsRefusedNamingIt() {
        assertEquals("Axes: the mask -2 is negative; -1 is all axes, else bit i names axis i",
                assertThrows(IllegalArgumentException.class, () -> new Axes(-2)).getMessage());
        assertFalse(new Axes(0).has(0), "no axes: a reduction of nothing");
    }
}
