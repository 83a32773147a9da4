package io.fluxion.tensor.internal;

import io.fluxion.tensor.Shape;

/**
 * A tensor seen along one axis as {@code outer × length × inner}: the form of every kernel that
 * works lane by lane along an axis (softmax, arg-max, slices, gathers), at any rank.
 *
 * @param outer the product of the dimensions before the axis
 * @param length the dimension of the axis
 * @param inner the product of the dimensions after it (the step between neighbours along the axis)
 */
public record Lanes(int outer, int length, int inner) {

    /** The lanes of {@code shape} along {@code axis} (negative counts from the end). */
    public static Lanes of(Shape shape, int axis) {
        int a = shape.normalise(axis);
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape.dim(i);
        }
        int inner = 1;
        for (int i = a + 1; i < shape.rank(); i++) {
            inner *= shape.dim(i);
        }
        return new Lanes(outer, shape.dim(a), inner);
    }

    /** The offset of element 0 of lane (o, i): outer index o, inner index i. */
    public int start(int o, int i) {
        return o * length * inner + i;
    }
}
