package io.fluxion.tensor;

import io.fluxion.tensor.internal.Kernels;

/**
 * A mutable, fixed-shape output buffer for a kernel, in the EJML style of explicit output
 * arguments, of doubles or (for {@link DType#FLOAT32}) floats.
 *
 * <p>A compiled program owns one buffer per register and per concurrent run, so a run allocates
 * nothing after its first; {@code Program.runInto} writes a program's outputs into buffers the
 * caller owns. {@link #view()} is a {@link Tensor} that shares the buffer: it is valid
 * until the buffer is written again, which is why a program hands an output over with its
 * buffer and takes a fresh buffer for its next run. Kernels write through {@link Storage#write}
 * (or {@link Storage#writeFloats} for float32).
 */
public final class Buffer {

    final Shape shape;
    /** The storage of a float64 buffer; null for float32. */
    final double[] data;
    /** The storage of a float32 buffer; null for float64. */
    final float[] floats;
    private final Tensor view;

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

    /** A tensor sharing this buffer's storage; see the class comment for how long it stays valid. */
    public Tensor view() {
        return view;
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
