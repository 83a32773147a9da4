package io.fluxion.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;

/**
 * Bytes read from an untrusted stream in bounded chunks, so that memory grows with the bytes
 * actually present, never with the size a header claims.
 */
final class Chunks {

    /** A multiple of every element size (1, 2, 4, 8): only the last chunk can end inside an element. */
    static final int CHUNK = 1 << 20;

    private final ArrayList<byte[]> chunks;
    private final long length;

    private Chunks(ArrayList<byte[]> chunks, long length) {
        this.chunks = chunks;
        this.length = length;
    }

    /** Reads up to {@code limit} bytes, fewer only when the stream ends first; never reads past the limit. */
    static Chunks read(InputStream in, long limit) throws IOException {
        ArrayList<byte[]> chunks = new ArrayList<>();
        long total = 0;
        while (total < limit) {
            byte[] chunk = new byte[(int) Math.min(CHUNK, limit - total)];
            int n = in.readNBytes(chunk, 0, chunk.length);
            total += n;
            if (n < chunk.length) {
                // A short chunk is the end of the stream; keeping its unread tail would only waste memory.
                if (n > 0) {
                    chunks.add(java.util.Arrays.copyOf(chunk, n));
                }
                break;
            }
            chunks.add(chunk);
        }
        return new Chunks(chunks, total);
    }

    /** How many bytes were read. */
    long length() {
        return length;
    }

    /** Decodes one chunk of whole elements into {@code out}, starting at element {@code at}. */
    interface Decoder {
        void decode(byte[] chunk, double[] out, int at);
    }

    /**
     * Decodes all bytes as {@code count} elements of {@code elementBytes} bytes each into a new array;
     * call only once {@link #length()} is known to be {@code count * elementBytes}.
     */
    double[] decode(int count, int elementBytes, Decoder decoder) {
        if (length != (long) count * elementBytes) {
            throw new IllegalStateException("decode " + count + " elements of " + elementBytes
                    + " bytes from " + length + " bytes");
        }
        double[] out = new double[count];
        int at = 0;
        for (byte[] chunk : chunks) {
            decoder.decode(chunk, out, at);
            at += chunk.length / elementBytes;
        }
        return out;
    }

    /** Little-endian float64, as in {@code .npy} files. */
    static void littleEndianDoubles(byte[] chunk, double[] out, int at) {
        ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().get(out, at, chunk.length / Double.BYTES);
    }
}
