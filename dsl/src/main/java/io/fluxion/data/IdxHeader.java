package io.fluxion.data;

import io.vavr.collection.List;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A checked IDX header: element type and dimensions, with the element count already known to
 * be within {@link Limits}.
 */
record IdxHeader(IdxType type, List<Integer> dims, long elements) {

    static final int MAX_RANK = 8;

    /** Bytes the header occupies in the file: the magic number and one int32 per dimension. */
    long headerBytes() {
        return 4L + 4L * dims.size();
    }

    /** Bytes of data the header claims follow it. */
    long dataBytes() {
        return elements * type.bytes;
    }

    /** Reads and checks a header from {@code in}, naming {@code file} in every refusal. */
    static IdxHeader read(InputStream in, Path file) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new MalformedFileException(file, "truncated: an IDX file starts with a 4-byte magic number, "
                    + "the file holds " + magic.length + " bytes");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new MalformedFileException(file, "not an IDX file: expected a magic number 0x0000TTRR "
                    + "(two zero bytes, a type code, a rank, e.g. 0x00000803 for MNIST images), found 0x"
                    + hex(magic));
        }
        int code = magic[2] & 0xFF;
        IdxType type = IdxType.of(code).getOrElseThrow(() -> new MalformedFileException(file, String.format(
                "unknown IDX type code 0x%02X in magic number 0x%s: expected one of %s", code, hex(magic),
                IdxType.known())));
        int rank = magic[3] & 0xFF;
        if (rank < 1 || rank > MAX_RANK) {
            throw new MalformedFileException(file, "IDX rank " + rank + " (magic number 0x" + hex(magic)
                    + "): expected a rank between 1 and " + MAX_RANK);
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new MalformedFileException(file, "truncated header: rank " + rank + " needs " + rank
                    + " big-endian int32 dimensions (" + 4 * rank + " bytes), found " + dimBytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(dimBytes);
        Integer[] dims = new Integer[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = b.getInt();
        }
        return new IdxHeader(type, List.of(dims), Limits.elements(file,
                "IDX header with dimensions " + List.of(dims).mkString(" x "), List.of(dims)));
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte x : bytes) {
            s.append(String.format("%02X", x & 0xFF));
        }
        return s.toString();
    }
}
