package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void emptyRowsReadNothingAndOtherArraysAreRefused() {
        assertEquals(0, Prefetch.rows(new byte[0], ROWS, 0, 4, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Prefetch.rows(new int[8], new int[] {0}, 0, 1, 8));
        assertEquals("Prefetch: rows of bytes, floats or doubles, not int[]", e.getMessage());
    }
}
