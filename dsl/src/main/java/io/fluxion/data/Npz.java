package io.fluxion.data;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} format, a zip of {@code .npy} arrays, for checkpoints that NumPy can read
 * ({@code numpy.load}) and that Fluxion can read back from NumPy ({@code numpy.savez}).
 *
 * <pre>{@code
 * Npz.write(Path.of("ckpt.npz"), LinkedHashMap.of("w", w, "b", b));
 * Tensor w2 = Npz.read(Path.of("ckpt.npz")).get("w").get();
 * }</pre>
 *
 * <p>Arrays are float64 ({@code '<f8'}) or float32 ({@code '<f4'}), each tensor written in its
 * own dtype and read back in the dtype the file has, little-endian, in C order. Files are read
 * as untrusted, as NumPy reads them and more strictly: no pickles, no Java deserialisation, every entry's CRC-32 checked, the
 * zip's structures checked against one another, and nothing allocated beyond what checked
 * headers imply and the file could hold, at most half the maximum heap for the whole file.
 */
public final class Npz {

    private Npz() {}

    /**
     * Writes one {@code <name>.npy} entry per array, in the map's iteration order, atomically: the
     * archive is written to a temporary file in the same directory ({@code .NAME.*.tmp}), forced to
     * disk, then renamed over {@code file}, which so always holds the old archive or the whole new
     * one. The temporary file is deleted when the save fails or the JVM shuts down during it
     * (SIGTERM); one left by a process killed outright ({@code kill -9}) is deleted by the next
     * save of the same file, which never deletes one that a live writer holds. Once shutdown has
     * begun no save starts, so a save from a shutdown hook fails: save before exiting.
     *
     * @throws IllegalArgumentException if a name is empty or holds '/', '\', or a control character
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> arrays) {
        write(file, arrays, name -> {});
    }

    /** As {@link #write(Path, Map)}, calling {@code beforeEntry} first for each entry, so tests can inject failures. */
    static void write(Path file, Map<String, Tensor> arrays, Consumer<String> beforeEntry) {
        arrays.forEach((name, t) -> {
            checkName(name);
            java.util.Objects.requireNonNull(t, () -> "Npz.write: array '" + name + "' is null");
        });
        Path target = file.toAbsolutePath();
        try {
            writeAtomically(target, arrays, beforeEntry);
        } catch (IOException e) {
            throw new UncheckedIOException("Npz.write: cannot write " + file + ": " + e, e);
        }
    }

    private static void checkName(String name) {
        java.util.Objects.requireNonNull(name, "Npz.write: an array name is null");
        if (name.isEmpty() || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException("Npz.write: array name '" + name + "' cannot name a zip entry: "
                    + "use a non-empty name without '/', '\\' or control characters");
        }
    }

    private static void writeAtomically(Path target, Map<String, Tensor> arrays, Consumer<String> beforeEntry)
            throws IOException {
        TempFiles.removeStale(target);
        TempFiles.Temp tmp = TempFiles.create(target);
        try {
            FileChannel ch = tmp.channel();
            // Closing the zip ends its deflater but not the channel, which keeps the file locked until it is renamed.
            try (ZipOutputStream zip = new ZipOutputStream(
                    new BufferedOutputStream(new UnclosableStream(ch), 1 << 16))) {
                for (Tuple2<String, Tensor> a : arrays) {
                    beforeEntry.accept(a._1);
                    writeEntry(zip, a._1 + ".npy", a._2);
                }
                zip.finish();
            }
            // On disk before the rename, so that a crash leaves the old file or the whole new one.
            ch.force(true);
            Files.move(tmp.path(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            TempFiles.discard(tmp, e);
            throw e;
        }
        TempFiles.forget(tmp.path());
        try {
            tmp.channel().close();
        } catch (IOException e) {
            // The file is forced to disk and renamed: the save is complete whatever closing says.
        }
    }

    /** The channel as a stream whose close does not close the channel. */
    private static final class UnclosableStream extends java.io.FilterOutputStream {
        UnclosableStream(FileChannel ch) {
            super(Channels.newOutputStream(ch));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Stored, not deflated, as numpy.savez does; the CRC goes before the data, so the data is encoded twice. */
    private static void writeEntry(ZipOutputStream zip, String name, Tensor t) throws IOException {
        byte[] prelude = NpyHeader.prelude(t.shape().dims(), t.dtype());
        CRC32 crc = new CRC32();
        crc.update(prelude);
        encode(t, crc::update);
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        long size = prelude.length + (long) t.dtype().bytes() * t.shape().size();
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(prelude);
        encode(t, zip::write);
        zip.closeEntry();
    }

    private interface Sink {
        void accept(byte[] bytes, int offset, int length) throws IOException;
    }

    /** The tensor's elements in its dtype, little-endian, read from its storage (immutable, so not copied). */
    private static void encode(Tensor t, Sink sink) throws IOException {
        int n = t.shape().size();
        // As large as the data, up to a chunk: an archive of many small arrays allocates little.
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(Chunks.CHUNK, (long) t.dtype().bytes() * n))
                .order(ByteOrder.LITTLE_ENDIAN);
        if (t.dtype() == DType.FLOAT32) {
            for (float v : Storage.readFloats(t)) {
                if (!b.hasRemaining()) {
                    sink.accept(b.array(), 0, b.position());
                    b.clear();
                }
                b.putFloat(v);
            }
        } else {
            for (double v : Storage.read(t)) {
                if (!b.hasRemaining()) {
                    sink.accept(b.array(), 0, b.position());
                    b.clear();
                }
                b.putDouble(v);
            }
        }
        sink.accept(b.array(), 0, b.position());
    }

    /**
     * The arrays of an {@code .npz} file, by name (the entry name without {@code .npy}), in entry order.
     * Every entry's length and CRC-32 are checked, stored or deflated, and the whole file is
     * refused before anything is decoded if its arrays would take more than half the maximum heap.
     *
     * @throws MalformedFileException if the file is not a sound zip of float64 or float32 C-order {@code .npy}
     *     arrays: damaged, truncated, or too large for this JVM; the message names the file, the
     *     entry and what is wrong
     * @throws UncheckedIOException if it cannot be read at all (missing, unreadable)
     */
    public static LinkedHashMap<String, Tensor> read(Path file) {
        try (ZipArchive zip = ZipArchive.open(file)) {
            io.vavr.collection.List<ZipArchive.Entry> entries = zip.entries();
            java.util.Set<String> keys = new java.util.HashSet<>();
            long total = 0;
            for (ZipArchive.Entry e : entries) {
                String name = e.name();
                if (name.endsWith("/") || !name.endsWith(".npy")) {
                    throw new MalformedFileException(file, "entry '" + name
                            + "' is not an .npy array; an .npz holds only <name>.npy entries");
                }
                if (!keys.add(key(name))) {
                    throw new MalformedFileException(file, "entry '" + name + "' appears twice");
                }
                // Sizes are bounded by what the compressed data could produce, so the sum cannot overflow.
                total += e.size();
            }
            Limits.memory(file, entries.size() == 1 ? "its array (" + total + " bytes)"
                    : "its " + entries.size() + " arrays (" + total + " bytes in all)", total);
            LinkedHashMap<String, Tensor> out = LinkedHashMap.empty();
            for (ZipArchive.Entry e : entries) {
                try (InputStream in = zip.open(e)) {
                    out = out.put(key(e.name()), readEntry(in, file, e));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Npz.read: cannot read " + file + ": " + e, e);
        }
    }

    private static String key(String entryName) {
        return entryName.substring(0, entryName.length() - ".npy".length());
    }

    /** The entry's array; a refusal of its contents yields to a damaged entry's, which explains it. */
    private static Tensor readEntry(InputStream in, Path file, ZipArchive.Entry e) throws IOException {
        try {
            return decode(in, file, e);
        } catch (MalformedFileException refused) {
            try {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (MalformedFileException damaged) {
                if (damaged != refused) {
                    damaged.addSuppressed(refused);
                }
                throw damaged;
            }
            throw refused;
        }
    }

    /** Decodes the header, then the data straight into the tensor's storage: no other copy is made. */
    private static Tensor decode(InputStream in, Path file, ZipArchive.Entry e) throws IOException {
        String name = e.name();
        NpyHeader h = NpyHeader.read(in, file, name);
        String shape = NpyHeader.shape(h.shape());
        long bytes = h.elements() * h.dtype().bytes();
        long holds = e.size() - h.preludeBytes();
        if (holds < bytes) {
            throw new MalformedFileException(file, "entry '" + name + "' is truncated: its header claims shape " + shape
                    + ", " + bytes + " bytes of " + h.dtype() + " data, the entry holds " + holds);
        }
        if (holds > bytes) {
            throw new MalformedFileException(file, "entry '" + name + "' has trailing data after the " + bytes
                    + " bytes its header's shape " + shape + " implies");
        }
        Buffer b;
        try {
            b = Buffer.of(Shape.of(h.shape().toJavaStream().mapToInt(Integer::intValue).toArray()), h.dtype());
        } catch (ShapeException x) {
            throw new MalformedFileException(file, "entry '" + name + "' has shape " + shape
                    + ", which a Fluxion tensor cannot hold: " + x.getMessage());
        }
        long read = h.dtype() == DType.FLOAT32 ? Chunks.decodeFloats(in, Storage.writeFloats(b))
                : Chunks.decode(in, Double.BYTES, Storage.write(b), Chunks::littleEndianDoubles);
        // The entry's stream checks its length and CRC-32 when it ends, so read to its end.
        if (in.read() != -1 || read != bytes) {
            throw new MalformedFileException(file, "entry '" + name + "' holds other than the " + bytes
                    + " bytes its header's shape " + shape + " implies");
        }
        // The buffer is dropped here: its view is the only reference to the array.
        return Storage.view(b);
    }
}
