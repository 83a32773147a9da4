package io.fluxion.tensor;

/**
 * The shape of a tensor of rank 0 (scalar), 1 (vector) or 2 (matrix).
 *
 * <p>Storage is always row-major {@code rows × cols}: a scalar is 1×1, a vector of length n is
 * 1×n, which makes NumPy's right-aligned broadcasting a comparison of the stored dimensions.
 *
 * <pre>{@code Shape.of(100, 784)  // (100, 784)}</pre>
 *
 * @param rank 0, 1 or 2
 * @param rows stored rows (1 unless rank is 2)
 * @param cols stored columns (1 for a scalar)
 */
public record Shape(int rank, int rows, int cols) {

    private static final Shape SCALAR = new Shape(0, 1, 1);

    /** Checks the invariants: a shape is made by its factories, and dimensions are positive. */
    public Shape {
        if (rank < 0 || rank > 2) {
            throw new ShapeException("rank must be 0, 1 or 2, got " + rank);
        }
        if (rows < 1 || cols < 1) {
            throw new ShapeException("dimensions must be positive, got rows=" + rows + " cols=" + cols);
        }
        if ((rank == 0 && (rows != 1 || cols != 1)) || (rank == 1 && rows != 1)) {
            throw new ShapeException("rank " + rank + " cannot have rows=" + rows + " cols=" + cols);
        }
    }

    /** The shape of a scalar, {@code ()}. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** The shape of a vector of length n, {@code (n)}. */
    public static Shape vector(int n) {
        return new Shape(1, 1, n);
    }

    /** The shape of an m×n matrix, {@code (m, n)}. */
    public static Shape matrix(int m, int n) {
        return new Shape(2, m, n);
    }

    /** A shape from NumPy-style dimensions: none, one or two. */
    public static Shape of(int... dims) {
        return switch (dims.length) {
            case 0 -> SCALAR;
            case 1 -> vector(dims[0]);
            case 2 -> matrix(dims[0], dims[1]);
            default -> throw new ShapeException("Fluxion tensors have rank at most 2, got dimensions "
                    + java.util.Arrays.toString(dims));
        };
    }

    /** The NumPy dimensions: {@code []}, {@code [n]} or {@code [m, n]}. */
    public int[] dims() {
        return switch (rank) {
            case 0 -> new int[0];
            case 1 -> new int[] {cols};
            default -> new int[] {rows, cols};
        };
    }

    /** The size of dimension {@code axis}; negative axes count from the end, as in NumPy. */
    public int dim(int axis) {
        return dims()[normalise(axis)];
    }

    /** The number of elements. */
    public int size() {
        return rows * cols;
    }

    /** Whether this is the scalar shape. */
    public boolean isScalar() {
        return rank == 0;
    }

    /** Turns a possibly negative axis into 0..rank-1, or says which axis was out of range. */
    public int normalise(int axis) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new ShapeException("axis " + axis + " is out of range for shape " + this);
        }
        return a;
    }

    /** The shape with dimension {@code axis} removed (the shape of a reduction along it). */
    public Shape without(int axis) {
        int a = normalise(axis);
        return rank == 1 ? SCALAR : (a == 0 ? vector(cols) : vector(rows));
    }

    /**
     * The NumPy broadcast of two shapes, or empty when they are incompatible.
     *
     * <p>Right-aligned dimensions must be equal or 1; with stored rows×cols this is a per-field check.
     */
    public static java.util.Optional<Shape> broadcast(Shape a, Shape b) {
        if (a.equals(b)) {
            return java.util.Optional.of(a);
        }
        int r = joinDim(a.rows, b.rows);
        int c = joinDim(a.cols, b.cols);
        if (r < 0 || c < 0) {
            return java.util.Optional.empty();
        }
        int rank = Math.max(a.rank, b.rank);
        if (rank == 1 && r != 1) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Shape(rank, r, c));
    }

    /** Whether a value of this shape broadcasts to {@code target} without changing {@code target}. */
    public boolean broadcastsTo(Shape target) {
        return rank <= target.rank && (rows == 1 || rows == target.rows) && (cols == 1 || cols == target.cols);
    }

    private static int joinDim(int x, int y) {
        return x == y ? x : (x == 1 ? y : (y == 1 ? x : -1));
    }

    @Override
    public String toString() {
        return switch (rank) {
            case 0 -> "()";
            case 1 -> "(" + cols + ")";
            default -> "(" + rows + ", " + cols + ")";
        };
    }
}
