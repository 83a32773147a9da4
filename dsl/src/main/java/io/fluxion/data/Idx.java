package io.fluxion.data;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import io.vavr.collection.List;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A reader of the IDX format, in which MNIST is distributed: a magic number {@code 0x0000TTRR}
 * (type code, rank), the dimensions as big-endian int32, then the elements big-endian in C order.
 * Files may be raw or gzipped; gzip is recognised by its magic bytes, not by the file name.
 *
 * <p>Files are treated as untrusted: the header is checked field by field, the claimed size is
 * compared with what the file could hold before the result is allocated (exactly for a raw file,
 * at most deflate's 1032-fold for gzip), the result may take at most half the maximum heap,
 * trailing bytes are refused and gzip's CRC-32 is checked. Every refusal is a
 * {@link MalformedFileException} naming the file.
 *
 * <pre>{@code Tensor images = Idx.read(Path.of("train-images-idx3-ubyte.gz"));  // (60000, 784)}</pre>
 */
public final class Idx {

    private Idx() {}

    /**
     * The elements of an IDX file as doubles, examples along the first axis: shape {@code (n)} for
     * a rank-1 file, {@code (n, product of the other dimensions)} otherwise. The elements are
     * decoded straight into the tensor; a file whose doubles would take more than half the
     * maximum heap is refused before anything is allocated for it.
     *
     * @throws MalformedFileException if the file is not well-formed IDX, or too large for this JVM
     * @throws UncheckedIOException if it cannot be read at all (missing, unreadable)
     */
    public static Tensor read(Path file) {
        return load(file, h -> {}, h -> new Need("its " + h.elements() + " elements as doubles",
                h.elements() * Double.BYTES), (h, in) -> {
            int n = h.dims().head();
            Buffer b = Buffer.of(h.dims().size() == 1 ? Shape.of(n) : Shape.of(n, (int) (h.elements() / n)));
            long read = Chunks.decode(in, h.type().bytes, Storage.write(b), h.type()::decode);
            return new Loaded<>(Storage.view(b), read);
        });
    }

    /**
     * The dimensions an IDX file declares, e.g. {@code [60000, 28, 28]}, after checking the
     * header (the data is not read).
     */
    public static List<Integer> header(Path file) {
        try (InputStream in = open(file)) {
            return IdxHeader.read(in, file).dims();
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** A checked header and the unsigned bytes it describes, in file order. */
    record Bytes(IdxHeader header, byte[] data) {}

    /**
     * The data of an unsigned-byte file as the bytes they are, after {@code accept} has checked the
     * header (it throws to refuse it); {@code bytesPerElement} is the memory the caller will hold
     * per element, counted against the limit before anything is read.
     */
    static Bytes unsignedBytes(Path file, Consumer<IdxHeader> accept, long bytesPerElement) {
        return load(file, h -> {
            accept.accept(h);
            if (h.type() != IdxType.UBYTE) {
                throw new MalformedFileException(file, "expected " + IdxType.UBYTE + " data, found " + describe(h));
            }
        }, h -> new Need("its " + h.elements() + " elements" + (bytesPerElement == 1 ? " as bytes"
                : ", " + bytesPerElement + " bytes each as read"), h.elements() * bytesPerElement), (h, in) -> {
            byte[] data = new byte[(int) h.elements()];
            return new Loaded<>(new Bytes(h, data), in.readNBytes(data, 0, data.length));
        });
    }

    /** What the result of reading a file will take in memory, described for a message. */
    private record Need(String what, long bytes) {}

    /** What a decoder made and how many bytes of data it found. */
    private record Loaded<T>(T value, long bytesRead) {}

    private interface Decoder<T> {
        Loaded<T> decode(IdxHeader h, InputStream data) throws IOException;
    }

    /**
     * Reads a whole file: header, checks, memory limit, then the data decoded straight into what
     * {@code decoder} allocates, which is never more than the file could hold: a raw file's size
     * is known, and gzip inflates at most 1032-fold.
     */
    private static <T> T load(Path file, Consumer<IdxHeader> accept, Function<IdxHeader, Need> need,
            Decoder<T> decoder) {
        try (InputStream in = open(file)) {
            IdxHeader h = IdxHeader.read(in, file);
            accept.accept(h);
            Need n = need.apply(h);
            Limits.memory(file, n.what(), n.bytes());
            long size = Files.size(file);
            if (!(in instanceof GZIPInputStream)) {
                // For a raw file the length is known: refuse a wrong size before reading a byte of data.
                long found = size - h.headerBytes();
                if (found != h.dataBytes()) {
                    throw sizeMismatch(file, h, found);
                }
            } else if (h.dataBytes() > (size + 1) * ZipArchive.MAX_DEFLATE_RATIO) {
                // The data cannot all be there: count what is, keeping none of it, to say how much.
                throw sizeMismatch(file, h, Chunks.count(in, h.dataBytes()));
            }
            Loaded<T> loaded = decoder.decode(h, in);
            if (loaded.bytesRead() < h.dataBytes()) {
                throw sizeMismatch(file, h, loaded.bytesRead());
            }
            if (in.read() != -1) {
                throw new MalformedFileException(file, "trailing data: the header " + describe(h) + " claims "
                        + h.dataBytes() + " bytes of data, but more bytes follow them");
            }
            return loaded.value();
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static MalformedFileException sizeMismatch(Path file, IdxHeader h, long found) {
        String problem = found < h.dataBytes() ? "truncated" : "trailing data";
        return new MalformedFileException(file, problem + ": the header " + describe(h) + " claims "
                + h.dataBytes() + " bytes of data, the file holds " + found);
    }

    private static String describe(IdxHeader h) {
        return "(" + h.type() + ", dimensions " + h.dims().mkString(" x ") + ")";
    }

    /** The file's bytes, decompressed if it starts with the gzip magic bytes 1f 8b. */
    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** A damaged gzip stream is a malformed file; anything else is an I/O failure. */
    private static RuntimeException failure(Path file, IOException e) {
        if (e instanceof ZipException || e instanceof EOFException) {
            return new MalformedFileException(file, "damaged or truncated gzip stream (" + e.getMessage() + ")");
        }
        return new UncheckedIOException("cannot read IDX file " + file + ": " + e, e);
    }
}
