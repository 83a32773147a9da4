package io.fluxion.tensor;

/**
 * A mutable, fixed-shape array of doubles or (for {@link DType#FLOAT32}) floats, in the EJML style
 * of explicit output arguments: {@code Program.runInto} writes a program's outputs into buffers
 * the caller owns, so that a loop of runs allocates nothing, and a kernel writes its output into
 * one.
 *
 * <p>A buffer shares its storage with no tensor a user can hold: values go in by copying
 * ({@link #set}, {@link #setConverted}, {@link #setRows}) and come out by copying
 * ({@link #toTensor}, {@link #copyTo}, {@link #get}), so writing a buffer never changes a
 * tensor. (Inside Fluxion, a compiled program owns one buffer per register and per concurrent run
 * and hands an output over with its buffer, taking a fresh one for its next run.)
 */
public final class Buffer {

    final Shape shape;
    /** The storage of a float64 buffer; null for float32. */
    final double[] data;
    /** The storage of a float32 buffer; null for float64. */
    final float[] floats;
    /**
     * The tensor sharing this storage, for Fluxion's own code only (through its unexported
     * {@code Storage.view}): valid until the buffer is written again.
     */
    final Tensor view;

    private Buffer(Shape shape, DType dtype) {
        this.shape = shape;
        if (dtype == DType.FLOAT32) {
            this.data = null;
            this.floats = new float[shape.size()];
            this.view = new Tensor(shape, floats);
        } else {
            this.data = new double[shape.size()];
            this.floats = null;
            this.view = new Tensor(shape, data);
        }
    }

    /** A zeroed float64 buffer of the given shape. */
    public static Buffer of(Shape shape) {
        return new Buffer(shape, DType.FLOAT64);
    }

    /** A zeroed buffer of the given shape and dtype. */
    public static Buffer of(Shape shape, DType dtype) {
        return new Buffer(shape, dtype);
    }

    /** The buffer's shape. */
    public Shape shape() {
        return shape;
    }

    /** The buffer's element type. */
    public DType dtype() {
        return floats == null ? DType.FLOAT64 : DType.FLOAT32;
    }

    /** A tensor holding a copy of the buffer's elements as they are now. */
    public Tensor toTensor() {
        return data != null ? new Tensor(shape, data.clone()) : new Tensor(shape, floats.clone());
    }

    /** The element at NumPy indices, one per dimension (none for a scalar), as a double (exact for float32). */
    public double get(int... index) {
        return view.get(index);
    }

    /**
     * Copies the elements, in row-major order and as doubles (exact for float32), into
     * {@code destination}, which must hold exactly {@code shape().size()} of them: reading a
     * result without allocating.
     */
    public void copyTo(double[] destination) {
        if (destination.length != shape.size()) {
            throw new IllegalArgumentException("Buffer.copyTo: the buffer of shape " + shape + " has " + shape.size()
                    + " elements, the destination holds " + destination.length);
        }
        if (data != null) {
            System.arraycopy(data, 0, destination, 0, data.length);
        } else {
            for (int i = 0; i < floats.length; i++) {
                destination[i] = floats[i];
            }
        }
    }

    /** Copies {@code t} (which must have this buffer's shape and dtype) into the buffer. */
    public void set(Tensor t) {
        if (!t.shape.equals(shape)) {
            throw new ShapeException("Buffer.set: buffer has shape " + shape + ", value has shape " + t.shape);
        }
        if (t.dtype() != dtype()) {
            throw new IllegalArgumentException("Buffer.set: buffer is " + dtype() + ", value is " + t.dtype()
                    + " (convert it with Tensor.to)");
        }
        if (data != null) {
            System.arraycopy(t.data, 0, data, 0, data.length);
        } else {
            System.arraycopy(t.floats, 0, floats, 0, floats.length);
        }
    }

    /**
     * Copies {@code t} (which must have this buffer's shape) into the buffer, converting its
     * elements to the buffer's dtype: float64 to float32 rounds to nearest (ties to even), as
     * Java's cast does; float32 to float64 is exact.
     */
    public void setConverted(Tensor t) {
        if (t.dtype() == dtype()) {
            set(t);
            return;
        }
        if (!t.shape.equals(shape)) {
            throw new ShapeException("Buffer.setConverted: buffer has shape " + shape + ", value has shape " + t.shape);
        }
        if (data != null) {
            float[] x = t.floats;
            for (int i = 0; i < data.length; i++) {
                data[i] = x[i];
            }
        } else {
            double[] x = t.data;
            for (int i = 0; i < floats.length; i++) {
                floats[i] = (float) x[i];
            }
        }
    }

    /**
     * Copies this buffer's rows from {@code t}, starting at row {@code firstRow} of {@code t}: the
     * buffer holds rows {@code firstRow} to {@code firstRow + shape().dim(0)} of {@code t}, whose
     * other axes and dtype must be the buffer's. For taking one shard of a batch without a new tensor.
     */
    public void setRows(Tensor t, int firstRow) {
        if (shape.rank() == 0 || t.shape.rank() != shape.rank() || !t.shape.without(0).equals(shape.without(0))) {
            throw new ShapeException("Buffer.setRows: buffer has shape " + shape + ", rows of shape " + t.shape
                    + " do not fit it");
        }
        int rows = shape.dim(0);
        if (firstRow < 0 || firstRow + rows > t.shape.dim(0)) {
            throw new IndexOutOfBoundsException("Buffer.setRows: rows " + firstRow + " to " + (firstRow + rows)
                    + " of a tensor of shape " + t.shape);
        }
        if (t.dtype() != dtype()) {
            throw new IllegalArgumentException("Buffer.setRows: buffer is " + dtype() + ", value is " + t.dtype()
                    + " (convert it with Tensor.to)");
        }
        int row = rows == 0 ? 0 : shape.size() / rows;
        if (data != null) {
            System.arraycopy(t.data, firstRow * row, data, 0, data.length);
        } else {
            System.arraycopy(t.floats, firstRow * row, floats, 0, floats.length);
        }
    }
}
