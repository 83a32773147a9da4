package io.fluxion.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** NumPy's broadcasting rules for rank ≤ 2: right-aligned dimensions must agree or be 1. */
class ShapeBroadcastTest {
    private static final Shape S = Shape.scalar();

    private static Optional<Shape> b(Shape x, Shape y) {
        Optional<Shape> xy = Shape.broadcast(x, y);
        assertEquals(xy, Shape.broadcast(y, x), "broadcasting is symmetric");
        return xy;
    }

    @Test
    void compatibleShapes() {
        assertEquals(Optional.of(Shape.matrix(2, 3)), b(S, Shape.matrix(2, 3)));
        assertEquals(Optional.of(Shape.vector(3)), b(S, Shape.vector(3)));
        assertEquals(Optional.of(Shape.matrix(2, 3)), b(Shape.vector(3), Shape.matrix(2, 3)));
        assertEquals(Optional.of(Shape.matrix(2, 3)), b(Shape.matrix(2, 1), Shape.matrix(2, 3)));
        assertEquals(Optional.of(Shape.matrix(2, 3)), b(Shape.matrix(2, 1), Shape.vector(3)));
        assertEquals(Optional.of(Shape.matrix(1, 3)), b(Shape.matrix(1, 3), Shape.vector(3)));
        assertEquals(Optional.of(Shape.vector(3)), b(Shape.vector(1), Shape.vector(3)));
        assertEquals(Optional.of(S), b(S, S));
    }

    @Test
    void incompatibleShapes() {
        assertEquals(Optional.empty(), b(Shape.vector(3), Shape.vector(4)));
        assertEquals(Optional.empty(), b(Shape.vector(2), Shape.matrix(2, 3)));
        assertEquals(Optional.empty(), b(Shape.matrix(2, 3), Shape.matrix(3, 2)));
        assertEquals(Optional.empty(), b(Shape.matrix(2, 1), Shape.matrix(3, 1)));
    }

    @Test
    void broadcastsToIsOneWay() {
        assertTrue(Shape.vector(3).broadcastsTo(Shape.matrix(2, 3)));
        assertFalse(Shape.matrix(2, 3).broadcastsTo(Shape.vector(3)));
        assertTrue(S.broadcastsTo(Shape.vector(5)));
        assertFalse(Shape.vector(2).broadcastsTo(Shape.matrix(2, 3)));
        assertTrue(Shape.matrix(2, 1).broadcastsTo(Shape.matrix(2, 3)));
    }

    @Test
    void invalidShapesAreRefused() {
        assertThrows(ShapeException.class, () -> Shape.of(1, 2, 3));
        assertThrows(ShapeException.class, () -> Shape.vector(0));
        assertThrows(ShapeException.class, () -> Shape.matrix(2, -1));
    }
}
