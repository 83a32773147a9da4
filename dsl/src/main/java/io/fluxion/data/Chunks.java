package io.fluxion.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bytes read from an untrusted stream a block at a time and decoded straight into their
 * destination, so that a read holds its result and one block, never a second copy of the data.
 */
final class Chunks {

    /** A multiple of every element size (1, 2, 4, 8): only the last block can end inside an element. */
    static final int CHUNK = 1 << 16;

    private Chunks() {}

    /** Decodes the first {@code length} bytes of {@code chunk}, whole elements, into {@code out} from element {@code at}. */
    interface Decoder {
        void decode(byte[] chunk, int length, double[] out, int at);
    }

    /**
     * Reads up to {@code out.length} elements of {@code elementBytes} bytes each from {@code in},
     * decoding them into {@code out}; returns the bytes read, fewer than asked only when the
     * stream ends first (then the elements after the last whole one are left as they were).
     */
    static long decode(InputStream in, int elementBytes, double[] out, Decoder decoder) throws IOException {
        return read(in, elementBytes, out.length, (chunk, length, at) -> decoder.decode(chunk, length, out, at));
    }

    /**
     * As {@link #decode(InputStream, int, double[], Decoder)} for little-endian float32, as in
     * {@code .npy} files of {@code '<f4'}, into floats.
     */
    static long decodeFloats(InputStream in, float[] out) throws IOException {
        return read(in, Float.BYTES, out.length, (chunk, length, at) -> ByteBuffer.wrap(chunk, 0, length)
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, at, length / Float.BYTES));
    }

    /** Takes the whole elements of a chunk: {@code length} bytes, the first of them element {@code at}. */
    private interface Sink {
        void take(byte[] chunk, int length, int at);
    }

    /**
     * Reads up to {@code count} elements of {@code elementBytes} bytes each from {@code in} in
     * chunks, handing each chunk's whole elements to {@code sink}; returns the bytes read, fewer
     * than asked only when the stream ends first.
     */
    private static long read(InputStream in, int elementBytes, int count, Sink sink) throws IOException {
        long want = (long) count * elementBytes;
        byte[] chunk = new byte[(int) Math.min(CHUNK, want)];
        long total = 0;
        int at = 0;
        while (total < want) {
            int asked = (int) Math.min(CHUNK, want - total);
            int n = in.readNBytes(chunk, 0, asked);
            total += n;
            int whole = n / elementBytes;
            sink.take(chunk, whole * elementBytes, at);
            at += whole;
            if (n < asked) {
                break;
            }
        }
        return total;
    }

    /** Reads and drops up to {@code limit} bytes, holding one block; returns how many there were. */
    static long count(InputStream in, long limit) throws IOException {
        byte[] chunk = new byte[(int) Math.min(CHUNK, limit)];
        long total = 0;
        while (total < limit) {
            int asked = (int) Math.min(CHUNK, limit - total);
            int n = in.readNBytes(chunk, 0, asked);
            total += n;
            if (n < asked) {
                break;
            }
        }
        return total;
    }

    /** Little-endian float64, as in {@code .npy} files. */
    static void littleEndianDoubles(byte[] chunk, int length, double[] out, int at) {
        ByteBuffer b = ByteBuffer.wrap(chunk, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().get(out, at, length / Double.BYTES);
    }
}
