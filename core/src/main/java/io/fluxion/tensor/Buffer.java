package io.fluxion.tensor;

/**
 * A mutable, fixed-shape output buffer for a kernel, in the EJML style of explicit output
 * arguments.
 *
 * <p>A compiled program owns one buffer per register and per concurrent run, so a run allocates
 * nothing after its first; {@code Program.runInto} writes a program's outputs into buffers the
 * caller owns. {@link #view()} is a {@link Tensor} that shares the buffer: it is valid
 * until the buffer is written again, which is why a program hands an output over with its
 * buffer and takes a fresh buffer for its next run. Kernels write through {@link Storage#write}.
 */
public final class Buffer {

    final Shape shape;
    final double[] data;
    private final Tensor view;

    private Buffer(Shape shape) {
        this.shape = shape;
        this.data = new double[shape.size()];
        this.view = new Tensor(shape, data);
    }

    /** A zeroed buffer of the given shape. */
    public static Buffer of(Shape shape) {
        return new Buffer(shape);
    }

    /** The buffer's shape. */
    public Shape shape() {
        return shape;
    }

    /** A tensor sharing this buffer's storage; see the class comment for how long it stays valid. */
    public Tensor view() {
        return view;
    }

    /** Copies {@code t} (which must have this buffer's shape) into the buffer. */
    public void set(Tensor t) {
        if (!t.shape.equals(shape)) {
            throw new ShapeException("Buffer.set: buffer has shape " + shape + ", value has shape " + t.shape);
        }
        System.arraycopy(t.data, 0, data, 0, data.length);
    }
}
