package io.fluxion.op;

import io.fluxion.op.internal.Shapes;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import java.io.Serializable;

/**
 * A set of non-negative axes, the parameter of a reduction ({@link Reduction.Sum},
 * {@link Reduction.Mean}, {@link Reduction.Extreme}, {@link Reduction.LogSumExp}): a value, so that
 * two sums over the same axes are equal primitives. Axes are normalised (negative ones counted
 * from the end) when the node is built, against its argument's rank; naming every axis is
 * {@link #ALL}, whatever the rank, so that {@code x.sum()} and {@code x.sum(0, 1)} are one
 * primitive and print as {@code sum(x)}.
 *
 * @param mask bit i is set when axis i is in the set; -1 (every bit) for all axes
 */
public record Axes(long mask) implements Serializable {

    /**
     * Checks the mask (0, no axes, is a reduction of nothing: what a batched sum of scalars keeps).
     *
     * @throws IllegalArgumentException if it is negative other than -1
     */
    public Axes {
        if (mask < 0 && mask != -1L) {
            throw new IllegalArgumentException("Axes: the mask " + mask + " is negative; -1 is all axes, else bit i"
                    + " names axis i");
        }
    }

    /** Every axis, of any rank. */
    public static final Axes ALL = new Axes(-1L);

    /** The axes of shape s named by NumPy axes (negative counts from the end); none named means all. */
    static Axes of(String op, Shape s, int... axes) {
        if (s.rank() > 62) {
            throw new ShapeException(op + ": rank " + s.rank() + " is beyond the 62 axes a reduction can name");
        }
        if (axes.length == 0) {
            return ALL;
        }
        long m = 0;
        for (int axis : axes) {
            int a = Shapes.axis(op, s, axis);
            if ((m & (1L << a)) != 0) {
                throw new ShapeException(op + ": axis " + axis + " is named twice for shape " + s);
            }
            m |= 1L << a;
        }
        return m == (1L << s.rank()) - 1 ? ALL : new Axes(m);
    }

    /** Whether axis a is in the set. */
    public boolean has(int a) {
        return (mask & (1L << a)) != 0;
    }

    /** The one axis of a shape of this rank in the set, or -1 if there are none or several. */
    int single(int rank) {
        long m = mask == -1L ? (1L << rank) - 1 : mask;
        return Long.bitCount(m) == 1 ? Long.numberOfTrailingZeros(m) : -1;
    }

    /** One flag per axis of a shape of this rank. */
    boolean[] flags(int rank) {
        boolean[] f = new boolean[rank];
        for (int a = 0; a < rank; a++) {
            f[a] = has(a);
        }
        return f;
    }

    /** The number of elements reduced into each output element, for shape s. */
    int count(Shape s) {
        int n = 1;
        for (int a = 0; a < s.rank(); a++) {
            if (has(a)) {
                n *= s.dim(a);
            }
        }
        return n;
    }

    /** The reduced shape: s without these axes, or with them as 1 when {@code keepDims}. */
    Shape reduce(String op, Shape s, boolean keepDims) {
        if (mask != -1L && (mask >>> s.rank()) != 0) {
            throw new ShapeException(op + ": axes " + this + " are out of range for shape " + s);
        }
        int[] d = new int[s.rank()];
        int r = 0;
        for (int a = 0; a < s.rank(); a++) {
            if (!has(a)) {
                d[r++] = s.dim(a);
            } else if (keepDims) {
                d[r++] = 1;
            }
        }
        return Shape.of(java.util.Arrays.copyOf(d, r));
    }

    /** {@code 1}, {@code (0, 2)}, or {@code all}. */
    @Override
    public String toString() {
        if (mask == -1L) {
            return "all";
        }
        StringBuilder b = new StringBuilder();
        int n = Long.bitCount(mask);
        for (int a = 0; a < 64; a++) {
            if (has(a)) {
                b.append(b.length() == 0 ? "" : ", ").append(a);
            }
        }
        return n == 1 ? b.toString() : "(" + b + ")";
    }
}
