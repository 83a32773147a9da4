package io.fluxion.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Hand-made .npy entries and .npz archives for tests, well-formed or not. */
final class NpzFiles {

    private NpzFiles() {}

    /** A version-1.0 .npy: magic, version, header length, {@code dict} padded and newline-terminated, then data. */
    static byte[] npy(String dict, byte[] data) {
        return npy(1, dict + " ".repeat(8) + "\n", data);
    }

    /** An .npy of format version {@code major}.0 with {@code header} exactly as given. */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + (major == 1 ? 0 : 2) + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h).put(data).array();
    }

    /** Little-endian float64s. */
    static byte[] doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    /** The header dictionary Fluxion writes, for a given shape tuple such as {@code "(3,)"}. */
    static String dict(String shape) {
        return "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    /** A zip of deflated entries, name and content alternating. */
    static Path zip(Path file, Object... namesAndContents) {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) namesAndContents[i]));
                z.write((byte[]) namesAndContents[i + 1]);
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
