package io.fluxion.tensor;

import io.fluxion.tensor.internal.Kernels;
import io.fluxion.tensor.internal.Storage;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * An immutable tensor of any rank, stored row-major, of doubles ({@link DType#FLOAT64}, the
 * default) or floats ({@link DType#FLOAT32}).
 *
 * <p>The storage is never handed to users: every method that gives elements out copies them, a
 * kernel of yours reads an argument's storage during its call only ({@link KernelCall}), and only
 * storage no tensor shares yet (a fresh {@link Buffer}, or one a running program owns) is written.
 * So a tensor's elements never change once it exists, and tensors may share storage
 * ({@link #reshape} does). Equality is by
 * dtype, shape and elements. Elements are read as doubles ({@link #get}, {@link #item},
 * {@link #toArray}) whatever the dtype, which is exact for float32.
 *
 * <pre>{@code Tensor w = Tensor.of(new double[][] {{1, 2}, {3, 4}}); w.get(1, 0) == 3; w.to(DType.FLOAT32)}</pre>
 */
public final class Tensor implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
        // Fluxion's own kernels reach storage through this unexported door only (see Storage).
        Storage.install(new TensorAccess());
    }

    final Shape shape;
    /** The elements of a float64 tensor; null for float32. */
    final double[] data;
    /** The elements of a float32 tensor; null for float64. */
    final float[] floats;

    /**
     * A deserialised tensor, checked (one dtype's elements, as many as its shape holds) and given
     * storage of its own: the stream may hold the same array elsewhere, where a reader could write it.
     */
    @Serial
    private Object readResolve() throws ObjectStreamException {
        if (shape == null) {
            throw new InvalidObjectException("Tensor: the serialised tensor has no shape");
        }
        if ((data == null) == (floats == null)) {
            throw new InvalidObjectException("Tensor: the serialised tensor of shape " + shape + " has "
                    + (data == null ? "neither float64 nor float32 elements" : "both float64 and float32 elements"));
        }
        int length = data != null ? data.length : floats.length;
        if (length != shape.size()) {
            throw new InvalidObjectException("Tensor: the serialised " + dtype() + " tensor of shape " + shape + " has "
                    + length + " elements, but its shape holds " + shape.size());
        }
        return data != null ? new Tensor(shape, data.clone()) : new Tensor(shape, floats.clone());
    }

    Tensor(Shape shape, double[] data) {
        this.shape = shape;
        this.data = data;
        this.floats = null;
    }

    Tensor(Shape shape, float[] floats) {
        this.shape = shape;
        this.data = null;
        this.floats = floats;
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

    /** A float32 matrix holding a copy of {@code rows}; every row must have the same length. */
    public static Tensor of(float[][] rows) {
        if (rows.length == 0 || rows[0].length == 0) {
            throw new ShapeException("Tensor.of: a matrix needs at least one row and one column");
        }
        int n = rows[0].length;
        float[] d = new float[rows.length * n];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != n) {
                throw new ShapeException("Tensor.of: row " + i + " has " + rows[i].length
                        + " elements, row 0 has " + n);
            }
            System.arraycopy(rows[i], 0, d, i * n, n);
        }
        return new Tensor(Shape.matrix(rows.length, n), d);
    }

    /** A float32 tensor of the given shape from row-major data (copied). */
    public static Tensor of(Shape shape, float[] data) {
        if (data.length != shape.size()) {
            throw new ShapeException("Tensor.of: shape " + shape + " needs " + shape.size()
                    + " elements, got " + data.length);
        }
        return new Tensor(shape, data.clone());
    }

    /** A scalar of the given dtype ({@code value} rounded to float for float32). */
    public static Tensor scalar(double value, DType dtype) {
        return dtype == DType.FLOAT32 ? new Tensor(Shape.scalar(), new float[] {(float) value}) : scalar(value);
    }

    /** A tensor of the given shape with every element equal to {@code value}. */
    public static Tensor full(Shape shape, double value) {
        return full(shape, value, DType.FLOAT64);
    }

    /** A tensor of the given shape and dtype with every element {@code value} (rounded to float for float32). */
    public static Tensor full(Shape shape, double value, DType dtype) {
        if (dtype == DType.FLOAT32) {
            float[] f = new float[shape.size()];
            if (value != 0) {
                Arrays.fill(f, (float) value);
            }
            return new Tensor(shape, f);
        }
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

    /** Zeros of the given shape and dtype. */
    public static Tensor zeros(Shape shape, DType dtype) {
        return full(shape, 0, dtype);
    }

    /** Ones of the given shape. */
    public static Tensor ones(Shape shape) {
        return full(shape, 1);
    }

    /** Ones of the given shape and dtype. */
    public static Tensor ones(Shape shape, DType dtype) {
        return full(shape, 1, dtype);
    }

    /** This tensor's shape. */
    public Shape shape() {
        return shape;
    }

    /** This tensor's element type. */
    public DType dtype() {
        return floats == null ? DType.FLOAT64 : DType.FLOAT32;
    }

    /**
     * This tensor with elements of {@code dtype}: itself if it has that dtype already, else a
     * converted copy (float64 to float32 rounds to nearest, even on ties, as Java's cast does;
     * float32 to float64 is exact).
     */
    public Tensor to(DType dtype) {
        if (dtype == dtype()) {
            return this;
        }
        Buffer out = Buffer.of(shape, dtype);
        out.setConverted(this);
        return out.view;
    }

    /** The value of a one-element tensor (any rank). */
    public double item() {
        if (shape.size() != 1) {
            throw new ShapeException("item() needs a tensor of one element, this one has shape " + shape);
        }
        return data(0);
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
        return data(at);
    }

    /** A copy of the elements in row-major order, as doubles (exact for float32). */
    public double[] toArray() {
        return data != null ? data.clone() : to(DType.FLOAT64).data;
    }

    /** A copy of the elements in row-major order, as floats (float64 elements rounded to nearest). */
    public float[] toFloatArray() {
        return floats != null ? floats.clone() : to(DType.FLOAT32).floats;
    }

    /** A copy as an EJML matrix (a vector becomes 1×n, a scalar 1×1), for use with EJML directly; rank at most 2. */
    public DMatrixRMaj toMatrix() {
        if (shape.rank() > 2) {
            throw new ShapeException("toMatrix: needs rank at most 2, got shape " + shape);
        }
        int cols = shape.rank() == 0 ? 1 : shape.dim(-1);
        return DMatrixRMaj.wrap(shape.size() / cols, cols, toArray());
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
        return data != null ? new Tensor(to, data) : new Tensor(to, floats);
    }

    /** The same elements with other dimensions of the same size. */
    public Tensor reshape(int... dims) {
        return reshape(Shape.of(dims));
    }

    // Arithmetic with NumPy broadcasting and promotion, for code outside expressions (optimizers,
    // metrics): each result is a fresh tensor, so users never loop over toArray(). Two tensors
    // promote (float32 with float64 gives float64); a number is weak, as a Python scalar is to
    // NumPy and JAX, so a float32 tensor times 0.5 stays float32.

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
        DType d = dtype().promote(other.dtype());
        Buffer out = Buffer.of(Shape.broadcast(shape, other.shape).getOrElseThrow(() -> new ShapeException(
                "Tensor." + name + ": cannot broadcast " + shape + " and " + other.shape)), d);
        Kernels.arithmetic(op, to(d), other.to(d), out);
        return out.view;
    }

    /** this + c, in this tensor's dtype. */
    public Tensor plus(double c) {
        return plus(scalar(c, dtype()));
    }

    /** this - c, in this tensor's dtype. */
    public Tensor minus(double c) {
        return minus(scalar(c, dtype()));
    }

    /** this * c, in this tensor's dtype. */
    public Tensor times(double c) {
        return times(scalar(c, dtype()));
    }

    /** this / c, in this tensor's dtype. */
    public Tensor div(double c) {
        return div(scalar(c, dtype()));
    }

    /** -this. */
    public Tensor negate() {
        return map(v -> -v);
    }

    /** f applied to every element (in double, the result rounded to float for float32). */
    public Tensor map(java.util.function.DoubleUnaryOperator f) {
        Buffer out = Buffer.of(shape, dtype());
        Kernels.map(this, f, out);
        return out.view;
    }

    /** The sum of all elements, added in double. */
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

    // NumPy's everyday operations, eager: each runs the primitive an expression would apply to
    // constants holding these tensors, on its own kernel and in this tensor's dtype (see Eager), so
    // t.argmax(1) is bit for bit evaluate(constant(t).argmax(1)). A bad axis or range fails with
    // the expression's message, which names this tensor's shape.

    /**
     * The matrix product with NumPy's {@code matmul} rules (vectors, and batches
     * {@code (..., m, k) @ (..., k, n)} whose batch dimensions broadcast); two dtypes promote.
     */
    public Tensor matmul(Tensor other) {
        return Eager.matmul(this, other);
    }

    /** The index of the first maximum along a NumPy axis (negative counts from the end), as a number of this dtype. */
    public Tensor argmax(int axis) {
        return Eager.argmax(this, axis);
    }

    /** The sum over NumPy axes (all when none is named; {@link #sum()} gives that as a double). */
    public Tensor sum(int... axes) {
        return Eager.sum(this, axes);
    }

    /** The mean over NumPy axes (all when none is named). */
    public Tensor mean(int... axes) {
        return Eager.mean(this, axes);
    }

    /** The mean of all elements, as the mean primitive computes it (summing in this tensor's dtype). */
    public double mean() {
        return mean(new int[0]).item();
    }

    /** The maximum over NumPy axes (all when none is named; {@link #max()} gives that as a double). */
    public Tensor max(int... axes) {
        return Eager.max(this, axes);
    }

    /** The minimum over NumPy axes (all when none is named; {@link #min()} gives that as a double). */
    public Tensor min(int... axes) {
        return Eager.min(this, axes);
    }

    /** e to the power of each element. */
    public Tensor exp() {
        return Eager.exp(this);
    }

    /** The natural logarithm of each element (NaN below 0, -∞ at 0). */
    public Tensor log() {
        return Eager.log(this);
    }

    /**
     * Elements {@code from} (inclusive) to {@code to} (exclusive) along a NumPy axis, as NumPy's
     * {@code x[..., from:to, ...]}; the rank is kept and the range must lie inside the axis.
     */
    public Tensor slice(int axis, int from, int to) {
        return Eager.slice(this, axis, from, to);
    }

    private double data(int i) {
        return data != null ? data[i] : floats[i];
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
        Object from = data != null ? data : floats;
        Object out = data != null ? new double[rows.length * width] : new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (r < 0 || r >= n) {
                throw new IndexOutOfBoundsException("takeRows: row " + r + " is outside 0.." + (n - 1)
                        + " of shape " + shape);
            }
            System.arraycopy(from, r * width, out, i * width, width);
        }
        Shape taken = shape.with(0, rows.length);
        return out instanceof double[] d ? new Tensor(taken, d) : new Tensor(taken, (float[]) out);
    }

    /** Whether every element equals {@code v}. */
    public boolean isAll(double v) {
        for (int i = 0, n = shape.size(); i < n; i++) {
            if (data(i) != v) {
                return false;
            }
        }
        return true;
    }

    /** Whether every element differs from {@code other}'s by at most {@code tolerance} (whatever their dtypes). */
    public boolean closeTo(Tensor other, double tolerance) {
        if (!shape.equals(other.shape)) {
            return false;
        }
        for (int i = 0; i < shape.size(); i++) {
            double a = data(i);
            double b = other.data(i);
            if (!(Math.abs(a - b) <= tolerance) && !(a == b)) {
                return false;
            }
        }
        return true;
    }

    /** Equal dtype, shape and elements (a float32 tensor never equals a float64 one). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tensor t) || !shape.equals(t.shape) || dtype() != t.dtype()) {
            return false;
        }
        return data != null ? Arrays.equals(data, t.data) : Arrays.equals(floats, t.floats);
    }

    @Override
    public int hashCode() {
        int h = shape.hashCode();
        int n = Math.min(shape.size(), 64);
        for (int i = 0; i < n; i++) {
            h = 31 * h + (data != null ? Double.hashCode(data[i]) : Float.hashCode(floats[i]));
        }
        return h;
    }

    /**
     * NumPy-like text with the shape and dtype, one row per line with aligned columns, summarised
     * (the first and last three along each axis) beyond a thousand elements, as NumPy prints:
     * <pre>{@code
     * Tensor([[  1, 2.5],
     *         [  3,   4]], shape=(2, 2), dtype=float64)
     * }</pre>
     * A scalar prints as its number ({@code 2.5}; {@code float32(2.5)} in float32), as a NumPy
     * scalar does, so that {@code "loss " + t} reads as it should.
     */
    @Override
    public String toString() {
        return TensorFormat.readable(this);
    }

    /**
     * The elements on one line, the middle of long axes elided, without shape or dtype except that
     * a float32 tensor is wrapped as {@code float32([1, 2.5])}: how programs print a constant.
     */
    public String toCompactString() {
        return TensorFormat.compact(this);
    }
}
