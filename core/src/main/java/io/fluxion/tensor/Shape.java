package io.fluxion.tensor;

import io.vavr.control.Option;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The shape of a tensor of any rank, as NumPy's: a scalar has no dimensions, a vector one, a
 * matrix two, a batch of images three or four. Storage is row-major (C order).
 *
 * <pre>{@code Shape.of(100, 28, 28).dim(-1) == 28}</pre>
 *
 * <p>A value: equality and hash code are by dimensions.
 */
public final class Shape implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int size;

    /** A deserialised shape, checked as {@link #of} checks one, its size computed again, its dimensions its own. */
    @java.io.Serial
    private Object readResolve() throws java.io.ObjectStreamException {
        if (dims == null) {
            throw new java.io.InvalidObjectException("Shape: the serialised shape has no dimensions");
        }
        try {
            return of(dims);
        } catch (ShapeException e) {
            throw new java.io.InvalidObjectException("Shape: the serialised shape is invalid: " + e.getMessage());
        }
    }

    private Shape(int[] dims) {
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1) {
                throw new ShapeException("dimensions must be positive, got " + Arrays.toString(dims));
            }
            n *= dims[i];
            if (n > Integer.MAX_VALUE) {
                throw new ShapeException("a tensor of shape " + Arrays.toString(dims) + " would have more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        this.dims = dims;
        this.size = (int) n;
    }

    /** A shape from NumPy-style dimensions, any number of them, each at least 1. */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The shape of a scalar, {@code ()}. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** The shape of a vector of length n, {@code (n)}. */
    public static Shape vector(int n) {
        return new Shape(new int[] {n});
    }

    /** The shape of an m×n matrix, {@code (m, n)}. */
    public static Shape matrix(int m, int n) {
        return new Shape(new int[] {m, n});
    }

    /** The dimensions (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * Whether this shape broadcasts to {@code big} by repeating its elements whole, one copy after
     * another: past any leading ones, its dimensions are big's last ones (a bias over rows).
     */
    public boolean tiles(Shape big) {
        int lead = 0;
        while (lead < dims.length && dims[lead] == 1) {
            lead++;
        }
        int k = dims.length - lead;
        if (k > big.dims.length) {
            return false;
        }
        for (int i = 0; i < k; i++) {
            if (dims[lead + i] != big.dims[big.dims.length - k + i]) {
                return false;
            }
        }
        return true;
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code axis}; negative axes count from the end, as in NumPy. */
    public int dim(int axis) {
        return dims[normalise(axis)];
    }

    /** The number of elements. */
    public int size() {
        return size;
    }

    /** Whether this is the scalar shape. */
    public boolean isScalar() {
        return dims.length == 0;
    }

    /** Row-major strides in elements: the step in storage of one step along each axis. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int step = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = step;
            step *= dims[i];
        }
        return s;
    }

    /** Turns a possibly negative axis into 0..rank-1, or says which axis was out of range. */
    public int normalise(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new ShapeException("axis " + axis + " is out of range for shape " + this);
        }
        return a;
    }

    /** The shape with dimension {@code axis} removed (the shape of a reduction along it). */
    public Shape without(int axis) {
        int a = normalise(axis);
        int[] d = new int[dims.length - 1];
        System.arraycopy(dims, 0, d, 0, a);
        System.arraycopy(dims, a + 1, d, a, dims.length - a - 1);
        return of(d);
    }

    /** The shape with dimension {@code axis} set to {@code length}. */
    public Shape with(int axis, int length) {
        int[] d = dims.clone();
        d[normalise(axis)] = length;
        return of(d);
    }

    /** The shape with a dimension of 1 inserted at {@code axis} (0..rank; negative counts from rank + 1). */
    public Shape expand(int axis) {
        int a = axis < 0 ? axis + dims.length + 1 : axis;
        if (a < 0 || a > dims.length) {
            throw new ShapeException("expandDims: axis " + axis + " is out of range for shape " + this);
        }
        int[] d = new int[dims.length + 1];
        System.arraycopy(dims, 0, d, 0, a);
        d[a] = 1;
        System.arraycopy(dims, a, d, a + 1, dims.length - a);
        return of(d);
    }

    /** The first {@code n} dimensions. */
    public Shape take(int n) {
        return of(Arrays.copyOfRange(dims, 0, n));
    }

    /** The dimensions from {@code from} on. */
    public Shape drop(int from) {
        return of(Arrays.copyOfRange(dims, from, dims.length));
    }

    /** This shape followed by {@code other}'s dimensions (the shape of a Jacobian is y.concat(x)). */
    public Shape concat(Shape other) {
        int[] d = Arrays.copyOf(dims, dims.length + other.dims.length);
        System.arraycopy(other.dims, 0, d, dims.length, other.dims.length);
        return of(d);
    }

    /** The NumPy broadcast of two shapes (right-aligned, each dimension equal or 1), or none when incompatible. */
    public static Option<Shape> broadcast(Shape a, Shape b) {
        if (a.equals(b)) {
            return Option.of(a);
        }
        int r = Math.max(a.rank(), b.rank());
        int[] d = new int[r];
        for (int i = 0; i < r; i++) {
            int x = a.fromEnd(r - 1 - i);
            int y = b.fromEnd(r - 1 - i);
            if (x != y && x != 1 && y != 1) {
                return Option.none();
            }
            d[i] = Math.max(x, y);
        }
        return Option.of(of(d));
    }

    /** Whether a value of this shape broadcasts to {@code target} without changing {@code target}. */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) {
            return false;
        }
        for (int i = 0; i < rank(); i++) {
            int x = fromEnd(i);
            if (x != 1 && x != target.fromEnd(i)) {
                return false;
            }
        }
        return true;
    }

    /** Dimension {@code i} counted from the end (0 is the last), 1 beyond the rank, as broadcasting pads. */
    int fromEnd(int i) {
        return i < dims.length ? dims[dims.length - 1 - i] : 1;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** NumPy's notation without the trailing comma: {@code ()}, {@code (3)}, {@code (2, 3)}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            b.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return b.append(')').toString();
    }
}
