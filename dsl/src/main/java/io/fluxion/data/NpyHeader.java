package io.fluxion.data;

import io.fluxion.tensor.DType;
import io.vavr.collection.List;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The header of an {@code .npy} array as Fluxion reads and writes it: little-endian float64
 * ({@code '<f8'}) or float32 ({@code '<f4'}) in C order, of a given shape. Reading accepts
 * format versions 1.0, 2.0 and 3.0 and refuses any other element type or layout, naming the
 * entry, what it found and what Fluxion accepts.
 *
 * @param shape the dimensions
 * @param elements their product
 * @param preludeBytes the bytes before the data: magic, version, header length and header
 * @param dtype the element type
 */
record NpyHeader(List<Integer> shape, long elements, long preludeBytes, DType dtype) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** NumPy's own default limit on header length in {@code np.load} ({@code max_header_size}). */
    static final int MAX_HEADER = 10_000;

    private static final int ALIGN = 64;

    /** Magic, version and header length, then the padded dictionary: all bytes before the data. */
    static byte[] prelude(int[] dims, DType dtype) {
        String dict = "{'descr': '" + descr(dtype) + "', 'fortran_order': False, 'shape': " + shape(List.ofAll(dims))
                + ", }";
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
        DType dtype = switch (d.descr()) {
            case "<f8" -> DType.FLOAT64;
            case "<f4" -> DType.FLOAT32;
            default -> throw fail.apply("element type descr '" + d.descr() + "' (" + describe(d.descr())
                    + "); Fluxion reads only '<f8' and '<f4', little-endian float64 and float32: save a.astype('<f8')"
                    + " or a.astype('<f4')");
        };
        if (d.fortranOrder()) {
            throw fail.apply("fortran_order True (column-major); Fluxion reads only C order, fortran_order False: "
                    + "save numpy.ascontiguousarray(a)");
        }
        String what = "entry '" + entry + "' of shape " + shape(d.shape());
        return new NpyHeader(d.shape(), Limits.elements(file, what, d.shape()), start.length + len.length + length,
                dtype);
    }

    /** A shape as NumPy prints it: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String shape(List<Integer> dims) {
        return dims.mkString("(", ", ", dims.size() == 1 ? ",)" : ")");
    }

    /** NumPy's descr of a dtype, little-endian: {@code '<f8'} or {@code '<f4'}. */
    static String descr(DType dtype) {
        return dtype == DType.FLOAT64 ? "<f8" : "<f4";
    }

    private static String describe(String descr) {
        if (descr.equals(">f8") || descr.equals(">f4")) {
            return "big-endian float" + (descr.endsWith("8") ? "64" : "32");
        }
        if (descr.contains("O")) {
            return "Python objects, which would need pickle";
        }
        return descr.endsWith("f2") ? "float16" : "neither little-endian float64 nor float32";
    }
}
