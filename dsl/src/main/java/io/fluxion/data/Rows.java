package io.fluxion.data;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;

/**
 * Where a {@link Dataset} keeps its inputs or its targets, one row per example along the first
 * axis: a tensor (float64 or float32), or unsigned bytes that become numbers of the dataset's
 * dtype only in the rows a batch takes (as {@code tf.data} pipelines convert images per batch),
 * 8 times smaller than doubles.
 */
sealed interface Rows permits Rows.Dense, Rows.UnsignedBytes {

    /** The shape of all the rows. */
    Shape shape();

    /** The dtype of the rows as tensors. */
    DType dtype();

    /**
     * Writes rows {@code rows[from .. from + n)}, in that order, into rows {@code at .. at + n} of
     * {@code out}, a buffer of {@link #dtype()}.
     */
    void copy(int[] rows, int from, int n, Buffer out, int at);

    /** Every row in storage order, as a tensor. */
    Tensor all();

    /** The same rows as tensors of {@code dtype}: this itself if they are already. */
    Rows to(DType dtype);

    /** Elements per row. */
    default int width() {
        return shape().dim(0) == 0 ? 0 : shape().size() / shape().dim(0);
    }

    /** The given rows, in that order, as a new tensor. */
    default Tensor take(int[] rows) {
        if (rows.length == 0) {
            throw new io.fluxion.tensor.ShapeException("take: take at least one row of shape " + shape());
        }
        for (int r : rows) {
            if (r < 0 || r >= shape().dim(0)) {
                throw new IndexOutOfBoundsException("take: row " + r + " is outside 0.." + (shape().dim(0) - 1));
            }
        }
        Buffer b = Buffer.of(shape().with(0, rows.length), dtype());
        copy(rows, 0, rows.length, b, 0);
        return Storage.view(b);
    }

    /** Rows held as a tensor: handed out as it is, rows copied as they are. */
    record Dense(Tensor tensor) implements Rows {
        @Override
        public Shape shape() {
            return tensor.shape();
        }

        @Override
        public DType dtype() {
            return tensor.dtype();
        }

        @Override
        public void copy(int[] rows, int from, int n, Buffer out, int at) {
            Object src = tensor.dtype() == DType.FLOAT64 ? Storage.read(tensor) : Storage.readFloats(tensor);
            Object dst = out.dtype() == DType.FLOAT64 ? Storage.write(out) : Storage.writeFloats(out);
            int width = width();
            int chunk = Prefetch.chunk(src, width);
            for (int c = 0; c < n; c += chunk) {
                int end = Math.min(n, c + chunk);
                Prefetch.rows(src, rows, from + c, end - c, width);
                for (int i = c; i < end; i++) {
                    System.arraycopy(src, rows[from + i] * width, dst, (at + i) * width, width);
                }
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

        @Override
        public Rows to(DType dtype) {
            return dtype == tensor.dtype() ? this : new Dense(tensor.to(dtype));
        }
    }

    /**
     * Rows of unsigned bytes, element {@code b} read as {@code b / divisor}: for MNIST's pixels,
     * {@code pixel / 255.0}, the same double as dividing a double array by 255 gives, and in
     * float32 that double rounded, which is {@code pixel / 255f} (a quotient rounded to double
     * then to float is rounded once, since 53 ≥ 2 × 24 + 2) and what converting the float64 rows gives.
     *
     * @param shape the shape of all the rows
     * @param bytes the elements in row-major order, {@code shape.size()} of them
     * @param divisor what each byte value is divided by (in double)
     * @param dtype the dtype the rows become
     */
    record UnsignedBytes(Shape shape, byte[] bytes, double divisor, DType dtype) implements Rows {

        /** Checks that bytes and shape agree. */
        public UnsignedBytes {
            if (bytes.length != shape.size() || shape.rank() == 0 || !(divisor > 0) || Double.isInfinite(divisor)) {
                throw new IllegalArgumentException("UnsignedBytes: " + bytes.length + " bytes, divided by " + divisor
                        + ", for shape " + shape);
            }
            java.util.Objects.requireNonNull(dtype, "UnsignedBytes: dtype");
        }

        /** The float64 rows of shape {@code shape} in {@code bytes}, each element divided by {@code divisor}. */
        static UnsignedBytes of(Shape shape, byte[] bytes, double divisor) {
            return new UnsignedBytes(shape, bytes, divisor, DType.FLOAT64);
        }

        @Override
        public void copy(int[] rows, int from, int n, Buffer out, int at) {
            int width = width();
            // Each element looked up in a table of the 256 quotients, made here: the same division
            // of the same byte, so the same bits, for a load per element. Measured on the README's
            // 2-core machine (random MNIST rows into two buffers used in turn, as a training loop's
            // are), a float32 batch of 128 took 78 µs against 93 µs dividing each element (two
            // passes a row, both vectorised by C2), a float64 batch of 100 30 against 45 µs. Most
            // of what is left was waiting for the shuffled rows to come from memory (31 µs for
            // rows in order), which Prefetch overlaps.
            Quotients q = Quotients.of(divisor);
            boolean narrow = out.dtype() == DType.FLOAT32;
            float[] floats = narrow ? Storage.writeFloats(out) : null;
            double[] doubles = narrow ? null : Storage.write(out);
            int chunk = Prefetch.chunk(bytes, width);
            for (int c = 0; c < n; c += chunk) {
                int m = Math.min(chunk, n - c);
                Prefetch.rows(bytes, rows, from + c, m, width);
                if (narrow) {
                    looked(rows, from + c, m, q.floats(), floats, (at + c) * width);
                } else {
                    looked(rows, from + c, m, q.doubles(), doubles, (at + c) * width);
                }
            }
        }

        /**
         * The 256 quotients {@code b / divisor} in float64, and those rounded to float32, for the
         * divisor asked last: made once, not on every batch (the tables of every call were a tenth
         * of what a float32 MLP step allocated on its thread, 29.0 against 25.9 KB a step). The
         * arrays are never written after they are made.
         */
        private record Quotients(double divisor, double[] doubles, float[] floats) {
            private static volatile Quotients last;

            static Quotients of(double divisor) {
                Quotients q = last;
                if (q != null && Double.compare(q.divisor, divisor) == 0) {
                    return q;
                }
                double[] doubles = new double[256];
                float[] floats = new float[256];
                for (int b = 0; b < 256; b++) {
                    doubles[b] = b / divisor;
                    floats[b] = (float) doubles[b];
                }
                q = new Quotients(divisor, doubles, floats);
                last = q;
                return q;
            }
        }

        /** Rows {@code rows[from .. from + n)} written from {@code to} on in dst, each byte's quotient from the table. */
        private void looked(int[] rows, int from, int n, float[] table, float[] dst, int to) {
            int width = width();
            for (int i = 0; i < n; i++, to += width) {
                int src = rows[from + i] * width;
                for (int j = 0; j < width; j++) {
                    dst[to + j] = table[bytes[src + j] & 0xFF];
                }
            }
        }

        /** As the float32 one, in float64. */
        private void looked(int[] rows, int from, int n, double[] table, double[] dst, int to) {
            int width = width();
            for (int i = 0; i < n; i++, to += width) {
                int src = rows[from + i] * width;
                for (int j = 0; j < width; j++) {
                    dst[to + j] = table[bytes[src + j] & 0xFF];
                }
            }
        }

        /** Every row as numbers of the dtype: 8 bytes per element in float64, 4 in float32, new on each call. */
        @Override
        public Tensor all() {
            int n = shape.dim(0);
            int[] every = new int[n];
            java.util.Arrays.setAll(every, i -> i);
            return take(every);
        }

        /** The same bytes (shared, not copied), read as numbers of {@code dtype}. */
        @Override
        public Rows to(DType dtype) {
            return dtype == this.dtype ? this : new UnsignedBytes(shape, bytes, divisor, dtype);
        }
    }
}
