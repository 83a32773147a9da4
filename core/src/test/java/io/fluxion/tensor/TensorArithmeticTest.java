package io.fluxion.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorArithmeticTest {
    private final Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    private final Tensor row = Tensor.vector(10, 20, 30);

    @Test
    void broadcastsARowOverAMatrix() {
        assertEquals(Tensor.of(new double[][] {{11, 22, 33}, {14, 25, 36}}), m.plus(row));
        assertEquals(Tensor.of(new double[][] {{-9, -18, -27}, {-6, -15, -24}}), m.minus(row));
        assertEquals(Tensor.of(new double[][] {{10, 40, 90}, {40, 100, 180}}), m.times(row));
        assertEquals(Tensor.of(new double[][] {{0.1, 0.1, 0.1}, {0.4, 0.25, 0.2}}), m.div(row));
    }

    @Test
    void scalarFormsAndReductions() {
        assertEquals(Tensor.of(new double[][] {{3, 5, 7}, {9, 11, 13}}), m.times(2).plus(1));
        assertEquals(Tensor.of(new double[][] {{-1, -2, -3}, {-4, -5, -6}}), m.negate());
        assertEquals(21, m.sum());
        assertEquals(6, m.max());
        assertEquals(1, m.min());
        assertEquals(Math.sqrt(91), m.norm(), 1e-12);
        assertTrue(Double.isNaN(Tensor.vector(1, Double.NaN, 3).max()));
    }

    @Test
    void operandsAreNotChanged() {
        Tensor before = Tensor.of(m.shape(), m.toArray());
        m.plus(row);
        m.times(3);
        assertEquals(before, m);
    }

    @Test
    void incompatibleShapesNameTheOperationAndBothShapes() {
        ShapeException e = assertThrows(ShapeException.class, () -> m.plus(Tensor.vector(1, 2)));
        assertTrue(e.getMessage().contains("Tensor.plus") && e.getMessage().contains("(2, 3)")
                && e.getMessage().contains("(2)"), e.getMessage());
    }

    @Test
    void takeRowsGathersExamplesAlongTheFirstAxis() {
        assertEquals(Tensor.of(new double[][] {{4, 5, 6}, {1, 2, 3}, {4, 5, 6}}), m.takeRows(new int[] {1, 0, 1}));
        assertEquals(Tensor.vector(30, 10), row.takeRows(new int[] {2, 0}));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> m.takeRows(new int[] {2}));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
    }
}
