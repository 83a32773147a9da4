package io.fluxion.data;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Storage;
import io.fluxion.tensor.Tensor;

/**
 * Where a {@link Dataset} keeps its inputs or its targets, one row per example along the first
 * axis: a tensor of doubles, or unsigned bytes that become doubles only in the rows a batch takes
 * (as {@code tf.data} pipelines convert images per batch), 8 times smaller.
 */
sealed interface Rows permits Rows.Doubles, Rows.UnsignedBytes {

    /** The shape of all the rows. */
    Shape shape();

    /** Writes rows {@code rows[from .. from + n)}, in that order, into {@code out}. */
    void copy(int[] rows, int from, int n, double[] out);

    /** Every row in storage order, as a tensor. */
    Tensor all();

    /** The given rows, in that order, as a new tensor. */
    Tensor take(int[] rows);

    /** Elements per row. */
    default int width() {
        return shape().dim(0) == 0 ? 0 : shape().size() / shape().dim(0);
    }

    /** Rows held as a tensor: handed out as it is, rows copied as they are. */
    record Doubles(Tensor tensor) implements Rows {
        @Override
        public Shape shape() {
            return tensor.shape();
        }

        @Override
        public void copy(int[] rows, int from, int n, double[] out) {
            double[] src = Storage.read(tensor);
            int width = width();
            for (int i = 0; i < n; i++) {
                System.arraycopy(src, rows[from + i] * width, out, i * width, width);
            }
        }

        @Override
        public Tensor all() {
            return tensor;
        }

        @Override
        public Tensor take(int[] rows) {
            return tensor.takeRows(rows);
        }
    }

    /**
     * Rows of unsigned bytes, element {@code b} read as {@code b / divisor}: for MNIST's pixels,
     * {@code pixel / 255.0}, the same double as dividing a double array by 255 gives.
     *
     * @param shape the shape of all the rows
     * @param bytes the elements in row-major order, {@code shape.size()} of them
     * @param values the double of each byte value, {@code values[b] = b / divisor}
     */
    record UnsignedBytes(Shape shape, byte[] bytes, double[] values) implements Rows {

        /** Checks that bytes and shape agree. */
        public UnsignedBytes {
            if (bytes.length != shape.size() || values.length != 256 || shape.rank() == 0) {
                throw new IllegalArgumentException("UnsignedBytes: " + bytes.length + " bytes and " + values.length
                        + " values for shape " + shape);
            }
        }

        /** The rows of shape {@code shape} in {@code bytes}, each element divided by {@code divisor}. */
        static UnsignedBytes of(Shape shape, byte[] bytes, double divisor) {
            double[] values = new double[256];
            for (int b = 0; b < values.length; b++) {
                values[b] = b / divisor;
            }
            return new UnsignedBytes(shape, bytes, values);
        }

        @Override
        public void copy(int[] rows, int from, int n, double[] out) {
            int width = width();
            for (int i = 0; i < n; i++) {
                int src = rows[from + i] * width;
                int dst = i * width;
                for (int j = 0; j < width; j++) {
                    out[dst + j] = values[bytes[src + j] & 0xFF];
                }
            }
        }

        /** Every row as doubles: 8 bytes per element, new on each call. */
        @Override
        public Tensor all() {
            int n = shape.dim(0);
            int[] every = new int[n];
            java.util.Arrays.setAll(every, i -> i);
            return take(every);
        }

        @Override
        public Tensor take(int[] rows) {
            if (rows.length == 0) {
                throw new io.fluxion.tensor.ShapeException("take: take at least one row of shape " + shape);
            }
            for (int r : rows) {
                if (r < 0 || r >= shape.dim(0)) {
                    throw new IndexOutOfBoundsException("take: row " + r + " is outside 0.." + (shape.dim(0) - 1));
                }
            }
            Buffer b = Buffer.of(shape.with(0, rows.length));
            copy(rows, 0, rows.length, Storage.write(b));
            return b.view();
        }
    }
}
