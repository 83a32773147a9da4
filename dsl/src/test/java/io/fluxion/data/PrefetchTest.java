package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Prefetch reads the first element of each cache line of the chosen rows, and each row's last:
 * rows hold 1 (or bits worth 1) exactly there, so the sum it returns counts the reads.
 */
class PrefetchTest {
    private static final int[] ROWS = {3, 0, 2, 3};

    /** Rows of {@code width} elements, 1 at each cache line's start (every {@code perLine}) and at each row's end. */
    private static int[] marks(int count, int width, int perLine) {
        int[] m = new int[count * width];
        for (int r = 0; r < count; r++) {
            for (int j = 0; j < width; j += perLine) {
                m[r * width + j] = 1;
            }
            m[r * width + width - 1] = 1;
        }
        return m;
    }

    /** Reads per row: one per line begun, plus the last element (read twice when it starts a line). */
    private static int readsPerRow(int width, int perLine) {
        return (width + perLine - 1) / perLine + 1;
    }

    @Test
    void bytesAreReadOncePerLineAndAtEachRowsEnd() {
        for (int width : new int[] {1, 63, 64, 65, 784}) {
            int[] m = marks(4, width, 64);
            byte[] data = new byte[m.length];
            for (int i = 0; i < m.length; i++) {
                data[i] = (byte) m[i];
            }
            // Rows 0, 2, 3 (from 1, three of them): the middle of ROWS.
            assertEquals(3 * readsPerRow(width, 64), Prefetch.rows(data, ROWS, 1, 3, width), "width " + width);
        }
    }

    @Test
    void floatsAreReadOncePerSixteen() {
        int width = 784;
        int[] m = marks(4, width, 16);
        float[] data = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            data[i] = Float.intBitsToFloat(m[i]);
        }
        assertEquals(4 * readsPerRow(width, 16), Prefetch.rows(data, ROWS, 0, 4, width));
    }

    @Test
    void doublesAreReadOncePerEight() {
        int width = 100;
        int[] m = marks(4, width, 8);
        double[] data = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            data[i] = Double.longBitsToDouble(m[i]);
        }
        assertEquals(2 * readsPerRow(width, 8), Prefetch.rows(data, ROWS, 2, 2, width));
    }

    /**
     * Rows wide enough that a chunk holds one or two of them: a take crosses chunks, and every row
     * still lands at its place, in each kind of rows and dtype.
     */
    @Test
    void takesLargerThanAChunkCopyEveryRowToItsPlace() {
        int[] order = {5, 0, 3, 1, 4, 2, 5};
        int byteWidth = Prefetch.CHUNK_BYTES / 2 + 3;
        assertEquals(1, Prefetch.chunk(new byte[0], byteWidth));
        byte[] b = new byte[6 * byteWidth];
        new java.util.SplittableRandom(11).nextBytes(b);
        for (DType dtype : DType.values()) {
            Rows rows = new Rows.UnsignedBytes(Shape.of(6, byteWidth), b, 255, dtype);
            Tensor t = rows.take(order);
            for (int i = 0; i < order.length; i++) {
                for (int j : new int[] {0, 1, byteWidth / 2, byteWidth - 1}) {
                    double want = dtype == DType.FLOAT64 ? (b[order[i] * byteWidth + j] & 0xFF) / 255.0
                            : (b[order[i] * byteWidth + j] & 0xFF) / 255f;
                    assertEquals(want, t.get(i, j), dtype + " row " + i + " element " + j);
                }
            }
        }
        int floatWidth = Prefetch.CHUNK_BYTES / Float.BYTES / 2 + 1;
        assertEquals(1, Prefetch.chunk(new float[0], floatWidth));
        float[] f = new float[6 * floatWidth];
        for (int i = 0; i < f.length; i++) {
            f[i] = i;
        }
        io.fluxion.tensor.Buffer out = io.fluxion.tensor.Buffer.of(Shape.of(order.length, floatWidth), DType.FLOAT32);
        // copy, not take: a tensor's rows take themselves (Tensor.takeRows).
        new Rows.Dense(Tensor.of(Shape.of(6, floatWidth), f)).copy(order, 0, order.length, out, 0);
        Tensor dense = out.toTensor();
        for (int i = 0; i < order.length; i++) {
            assertEquals(order[i] * floatWidth, dense.get(i, 0), "row " + i);
            assertEquals(order[i] * floatWidth + floatWidth - 1, dense.get(i, floatWidth - 1), "row " + i);
        }
    }

    @Test
    void emptyRowsReadNothingAndOtherArraysAreRefused() {
        assertEquals(0, Prefetch.rows(new byte[0], ROWS, 0, 4, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Prefetch.rows(new int[8], new int[] {0}, 0, 1, 8));
        assertEquals("Prefetch: rows of bytes, floats or doubles, not int[]", e.getMessage());
    }
}
