package io.fluxion.data;

import io.vavr.collection.List;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The header of an {@code .npy} array as Fluxion reads and writes it: little-endian float64 in
 * C order, of a given shape. Reading accepts format versions 1.0, 2.0 and 3.0 and refuses any
 * other element type or layout, naming the entry, what it found and what Fluxion accepts.
 *
 * @param shape the dimensions
 * @param elements their product
 * @param preludeBytes the bytes before the data: magic, version, header length and header
 */
record NpyHeader(List<Integer> shape, long elements, long preludeBytes) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** NumPy's own default limit on header length in {@code np.load} ({@code max_header_size}). */
    static final int MAX_HEADER = 10_000;

    private static final int ALIGN = 64;

    /** Magic, version and header length, then the padded dictionary: all bytes before the data. */
    static byte[] prelude(int[] dims) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape(List.ofAll(dims)) + ", }";
        // Version 1.0 stores the length in two bytes; only an enormous rank would need 2.0's four.
        boolean v1 = dict.length() + ALIGN + 10 <= 0xFFFF;
        int fixed = MAGIC.length + 2 + (v1 ? 2 : 4);
        int pad = (ALIGN - (fixed + dict.length() + 1) % ALIGN) % ALIGN;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(fixed + header.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) {
            b.putShort((short) header.length);
        } else {
            b.putInt(header.length);
        }
        return b.put(header).array();
    }

    /** Reads and checks the header of entry {@code entry} of {@code file}, leaving {@code in} at the data. */
    static NpyHeader read(InputStream in, Path file, String entry) throws IOException {
        Function<String, MalformedFileException> fail = problem ->
                new MalformedFileException(file, "entry '" + entry + "': " + problem);
        byte[] start = in.readNBytes(MAGIC.length + 2);
        if (start.length < MAGIC.length + 2) {
            throw fail.apply("truncated: an .npy array starts with 8 bytes of magic and version, found "
                    + start.length);
        }
        if (!java.util.Arrays.equals(start, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw fail.apply("not an .npy array: it does not start with the magic bytes \\x93NUMPY");
        }
        int major = start[6] & 0xFF;
        int minor = start[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw fail.apply(".npy format version " + major + "." + minor
                    + "; Fluxion reads versions 1.0, 2.0 and 3.0");
        }
        byte[] len = in.readNBytes(major == 1 ? 2 : 4);
        if (len.length < (major == 1 ? 2 : 4)) {
            throw fail.apply("truncated: the header length is cut off");
        }
        ByteBuffer lb = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
        long length = major == 1 ? lb.getShort() & 0xFFFF : lb.getInt() & 0xFFFFFFFFL;
        if (length > MAX_HEADER) {
            throw fail.apply("header length " + length + " exceeds the " + MAX_HEADER
                    + " bytes NumPy itself accepts");
        }
        byte[] text = in.readNBytes((int) length);
        if (text.length < length) {
            throw fail.apply("truncated: the header claims " + length + " bytes, found " + text.length);
        }
        // Versions 1.0 and 2.0 are Latin-1; 3.0 exists to allow UTF-8 (in structured field names).
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyDict d = NpyDict.parse(dict, fail);
        if (!d.descr().equals("<f8")) {
            throw fail.apply("element type descr '" + d.descr() + "' (" + describe(d.descr())
                    + "); Fluxion reads only '<f8', little-endian float64: save a.astype('<f8')");
        }
        if (d.fortranOrder()) {
            throw fail.apply("fortran_order True (column-major); Fluxion reads only C order, fortran_order False: "
                    + "save numpy.ascontiguousarray(a)");
        }
        String what = "entry '" + entry + "' of shape " + shape(d.shape());
        return new NpyHeader(d.shape(), Limits.elements(file, what, d.shape()), start.length + len.length + length);
    }

    /** A shape as NumPy prints it: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String shape(List<Integer> dims) {
        return dims.mkString("(", ", ", dims.size() == 1 ? ",)" : ")");
    }

    private static String describe(String descr) {
        if (descr.equals(">f8")) {
            return "big-endian float64";
        }
        if (descr.contains("O")) {
            return "Python objects, which would need pickle";
        }
        return descr.endsWith("f4") ? "float32" : "not little-endian float64";
    }
}
