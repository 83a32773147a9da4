package io.fluxion.tensor;

import java.io.Serializable;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * An immutable tensor of doubles of any rank, stored row-major.
 *
 * <p>The storage is never handed to users: kernels read it through {@link Storage} during a call,
 * and only {@link Buffer}s (fresh or owned by a running program) are written. Equality is by
 * shape and elements.
 *
 * <pre>{@code Tensor w = Tensor.of(new double[][] {{1, 2}, {3, 4}}); w.get(1, 0) == 3}</pre>
 */
public final class Tensor implements Serializable {
    private static final long serialVersionUID = 1L;

    final Shape shape;
    final double[] data;

    Tensor(Shape shape, double[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** A scalar. */
    public static Tensor scalar(double value) {
        return new Tensor(Shape.scalar(), new double[] {value});
    }

    /** A vector holding a copy of {@code values}. */
    public static Tensor vector(double... values) {
        if (values.length == 0) {
            throw new ShapeException("Tensor.vector: a vector needs at least one element");
        }
        return new Tensor(Shape.vector(values.length), values.clone());
    }

    /** A matrix holding a copy of {@code rows}; every row must have the same length. */
    public static Tensor of(double[][] rows) {
        if (rows.length == 0 || rows[0].length == 0) {
            throw new ShapeException("Tensor.of: a matrix needs at least one row and one column");
        }
        int n = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != n) {
                throw new ShapeException("Tensor.of: row " + i + " has " + rows[i].length
                        + " elements, row 0 has " + n);
            }
        }
        double[] d = new double[rows.length * n];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, d, i * n, n);
        }
        return new Tensor(Shape.matrix(rows.length, n), d);
    }

    /** A tensor of the given shape from row-major data (copied). */
    public static Tensor of(Shape shape, double... data) {
        if (data.length != shape.size()) {
            throw new ShapeException("Tensor.of: shape " + shape + " needs " + shape.size()
                    + " elements, got " + data.length);
        }
        return new Tensor(shape, data.clone());
    }

    /** A tensor of the given shape with every element equal to {@code value}. */
    public static Tensor full(Shape shape, double value) {
        double[] d = new double[shape.size()];
        if (value != 0) {
            Arrays.fill(d, value);
        }
        return new Tensor(shape, d);
    }

    /** Zeros of the given shape. */
    public static Tensor zeros(Shape shape) {
        return full(shape, 0);
    }

    /** Ones of the given shape. */
    public static Tensor ones(Shape shape) {
        return full(shape, 1);
    }

    /** This tensor's shape. */
    public Shape shape() {
        return shape;
    }

    /** The value of a one-element tensor (any rank). */
    public double item() {
        if (shape.size() != 1) {
            throw new ShapeException("item() needs a tensor of one element, this one has shape " + shape);
        }
        return data[0];
    }

    /** The element at NumPy indices, one per dimension (none for a scalar). */
    public double get(int... index) {
        if (index.length != shape.rank()) {
            throw new IndexOutOfBoundsException("get: shape " + shape + " needs " + shape.rank()
                    + " indices, got " + index.length);
        }
        int at = 0;
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            if (index[i] < 0 || index[i] >= d) {
                throw new IndexOutOfBoundsException("get: index " + Arrays.toString(index) + " is outside shape " + shape);
            }
            at = at * d + index[i];
        }
        return data[at];
    }

    /** A copy of the elements in row-major order. */
    public double[] toArray() {
        return data.clone();
    }

    /** A copy as an EJML matrix (a vector becomes 1×n, a scalar 1×1), for use with EJML directly; rank at most 2. */
    public DMatrixRMaj toMatrix() {
        if (shape.rank() > 2) {
            throw new ShapeException("toMatrix: needs rank at most 2, got shape " + shape);
        }
        int cols = shape.rank() == 0 ? 1 : shape.dim(-1);
        return DMatrixRMaj.wrap(shape.size() / cols, cols, data.clone());
    }

    /** A tensor from an EJML matrix (copied), with the given shape of the same size. */
    public static Tensor fromMatrix(DMatrixRMaj matrix, Shape shape) {
        return of(shape, Arrays.copyOf(matrix.data, matrix.getNumElements()));
    }

    /** The same elements with another shape of the same size (no copy: both are immutable). */
    public Tensor reshape(Shape to) {
        if (to.size() != shape.size()) {
            throw new ShapeException("reshape: cannot reshape " + shape + " to " + to);
        }
        return new Tensor(to, data);
    }

    /** The same elements with other dimensions of the same size. */
    public Tensor reshape(int... dims) {
        return reshape(Shape.of(dims));
    }

    // Arithmetic with NumPy broadcasting, for code outside expressions (optimizers, metrics): each
    // result is a fresh tensor, so users never loop over toArray().

    /** this + other, broadcasting. */
    public Tensor plus(Tensor other) {
        return arithmetic("plus", Kernels.ADD, other);
    }

    /** this - other, broadcasting. */
    public Tensor minus(Tensor other) {
        return arithmetic("minus", Kernels.SUB, other);
    }

    /** this * other element by element, broadcasting. */
    public Tensor times(Tensor other) {
        return arithmetic("times", Kernels.MUL, other);
    }

    /** this / other element by element, broadcasting. */
    public Tensor div(Tensor other) {
        return arithmetic("div", Kernels.DIV, other);
    }

    private Tensor arithmetic(String name, int op, Tensor other) {
        Buffer out = Buffer.of(Shape.broadcast(shape, other.shape).getOrElseThrow(() -> new ShapeException(
                "Tensor." + name + ": cannot broadcast " + shape + " and " + other.shape)));
        Kernels.arithmetic(op, this, other, out);
        return out.view();
    }

    /** this + c. */
    public Tensor plus(double c) {
        return plus(scalar(c));
    }

    /** this - c. */
    public Tensor minus(double c) {
        return minus(scalar(c));
    }

    /** this * c. */
    public Tensor times(double c) {
        return times(scalar(c));
    }

    /** this / c. */
    public Tensor div(double c) {
        return div(scalar(c));
    }

    /** -this. */
    public Tensor negate() {
        return map(v -> -v);
    }

    /** f applied to every element. */
    public Tensor map(java.util.function.DoubleUnaryOperator f) {
        Buffer out = Buffer.of(shape);
        Kernels.map(this, f, out);
        return out.view();
    }

    /** The sum of all elements. */
    public double sum() {
        double s = 0;
        for (int i = 0, n = shape.size(); i < n; i++) {
            s += data(i);
        }
        return s;
    }

    /** The largest element (NaN if any element is NaN). */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0, n = shape.size(); i < n; i++) {
            double v = data(i);
            if (v > m || Double.isNaN(v)) {
                m = v;
                if (Double.isNaN(v)) {
                    break;
                }
            }
        }
        return m;
    }

    /** The smallest element (NaN if any element is NaN). */
    public double min() {
        return -negate().max();
    }

    /** The Euclidean (Frobenius) norm of all elements. */
    public double norm() {
        double s = 0;
        for (int i = 0, n = shape.size(); i < n; i++) {
            s += data(i) * data(i);
        }
        return Math.sqrt(s);
    }

    private double data(int i) {
        return data[i];
    }

    /**
     * The examples at {@code rows} along the first axis, in that order (a gather, as NumPy's
     * {@code x[rows]}): shape {@code (rows.length, ...rest)}. Copies only the rows taken.
     */
    public Tensor takeRows(int[] rows) {
        if (shape.rank() == 0) {
            throw new ShapeException("takeRows: a scalar has no rows");
        }
        if (rows.length == 0) {
            throw new ShapeException("takeRows: take at least one row of shape " + shape);
        }
        int n = shape.dim(0);
        int width = shape.size() / n;
        double[] out = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (r < 0 || r >= n) {
                throw new IndexOutOfBoundsException("takeRows: row " + r + " is outside 0.." + (n - 1)
                        + " of shape " + shape);
            }
            System.arraycopy(data, r * width, out, i * width, width);
        }
        return new Tensor(shape.with(0, rows.length), out);
    }

    /** Whether every element equals {@code v}. */
    public boolean isAll(double v) {
        for (int i = 0, n = shape.size(); i < n; i++) {
            if (data[i] != v) {
                return false;
            }
        }
        return true;
    }

    /** Whether every element differs from {@code other}'s by at most {@code tolerance}. */
    public boolean closeTo(Tensor other, double tolerance) {
        if (!shape.equals(other.shape)) {
            return false;
        }
        for (int i = 0; i < shape.size(); i++) {
            double a = data[i];
            double b = other.data[i];
            if (!(Math.abs(a - b) <= tolerance) && !(a == b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tensor t) || !shape.equals(t.shape)) {
            return false;
        }
        return Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        int h = shape.hashCode();
        int n = Math.min(shape.size(), 64);
        for (int i = 0; i < n; i++) {
            h = 31 * h + Double.hashCode(data[i]);
        }
        return h;
    }

    /** NumPy-like text, abbreviated for large tensors. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
