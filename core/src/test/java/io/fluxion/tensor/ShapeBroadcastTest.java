package io.fluxion.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.control.Option;
import org.junit.jupiter.api.Test;

/** NumPy's broadcasting rules at any rank: right-aligned dimensions must agree or be 1. */
class ShapeBroadcastTest {
    private static final Shape S = Shape.scalar();

    private static Option<Shape> b(Shape x, Shape y) {
        Option<Shape> xy = Shape.broadcast(x, y);
        assertEquals(xy, Shape.broadcast(y, x), "broadcasting is symmetric");
        return xy;
    }

    @Test
    void compatibleShapes() {
        assertEquals(Option.of(Shape.matrix(2, 3)), b(S, Shape.matrix(2, 3)));
        assertEquals(Option.of(Shape.vector(3)), b(S, Shape.vector(3)));
        assertEquals(Option.of(Shape.matrix(2, 3)), b(Shape.vector(3), Shape.matrix(2, 3)));
        assertEquals(Option.of(Shape.matrix(2, 3)), b(Shape.matrix(2, 1), Shape.matrix(2, 3)));
        assertEquals(Option.of(Shape.matrix(2, 3)), b(Shape.matrix(2, 1), Shape.vector(3)));
        assertEquals(Option.of(Shape.matrix(1, 3)), b(Shape.matrix(1, 3), Shape.vector(3)));
        assertEquals(Option.of(Shape.vector(3)), b(Shape.vector(1), Shape.vector(3)));
        assertEquals(Option.of(S), b(S, S));
        assertEquals(Option.of(Shape.of(4, 2, 3)), b(Shape.of(4, 1, 3), Shape.matrix(2, 1)));
        assertEquals(Option.of(Shape.of(5, 4, 2, 3)), b(Shape.of(5, 1, 1, 3), Shape.of(4, 2, 1)));
    }

    @Test
    void incompatibleShapes() {
        assertEquals(Option.none(), b(Shape.vector(3), Shape.vector(4)));
        assertEquals(Option.none(), b(Shape.vector(2), Shape.matrix(2, 3)));
        assertEquals(Option.none(), b(Shape.matrix(2, 3), Shape.matrix(3, 2)));
        assertEquals(Option.none(), b(Shape.matrix(2, 1), Shape.matrix(3, 1)));
        assertEquals(Option.none(), b(Shape.of(2, 2, 3), Shape.of(3, 1, 3)));
    }

    @Test
    void broadcastsToIsOneWay() {
        assertTrue(Shape.vector(3).broadcastsTo(Shape.matrix(2, 3)));
        assertFalse(Shape.matrix(2, 3).broadcastsTo(Shape.vector(3)));
        assertTrue(S.broadcastsTo(Shape.vector(5)));
        assertFalse(Shape.vector(2).broadcastsTo(Shape.matrix(2, 3)));
        assertTrue(Shape.matrix(2, 1).broadcastsTo(Shape.matrix(2, 3)));
        assertTrue(Shape.of(1, 3).broadcastsTo(Shape.of(4, 2, 3)));
        assertFalse(Shape.of(2, 2, 3).broadcastsTo(Shape.of(4, 2, 3)));
    }

    @Test
    void invalidShapesAreRefused() {
        assertEquals(3, Shape.of(1, 2, 3).rank());
        assertThrows(ShapeException.class, () -> Shape.of(1, 0, 3));
        assertThrows(ShapeException.class, () -> Shape.of(65536, 65536));
        assertThrows(ShapeException.class, () -> Shape.vector(0));
        assertThrows(ShapeException.class, () -> Shape.matrix(2, -1));
    }
}
