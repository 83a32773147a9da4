package io.fluxion.data;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A reader of the IDX format, in which MNIST is distributed: a magic number {@code 0x0000TTRR}
 * (type code, rank), the dimensions as big-endian int32, then the elements big-endian in C order.
 * Files may be raw or gzipped; gzip is recognised by its magic bytes, not by the file name.
 *
 * <p>Files are treated as untrusted: the header is checked field by field, the claimed size is
 * compared with the data actually present before the result is allocated, and trailing bytes
 * are refused. Every refusal is a {@link MalformedFileException} naming the file.
 *
 * <pre>{@code Tensor images = Idx.read(Path.of("train-images-idx3-ubyte.gz"));  // (60000, 784)}</pre>
 */
public final class Idx {

    private Idx() {}

    /**
     * The elements of an IDX file as doubles, examples along the first axis: shape {@code (n)} for
     * a rank-1 file, {@code (n, product of the other dimensions)} otherwise.
     *
     * @throws MalformedFileException if the file is not well-formed IDX
     * @throws UncheckedIOException if it cannot be read at all (missing, unreadable)
     */
    public static Tensor read(Path file) {
        Contents c = load(file);
        List<Integer> dims = c.header().dims();
        int n = dims.head();
        Shape shape = dims.size() == 1 ? Shape.of(n) : Shape.of(n, c.values().length / n);
        return Tensor.of(shape, c.values());
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

    /** A checked header and the elements it describes, in file order, not yet in a tensor. */
    record Contents(IdxHeader header, double[] values) {}

    /** Reads a whole file, refusing it before allocating the result unless all its data is there. */
    static Contents load(Path file) {
        try (InputStream in = open(file)) {
            IdxHeader h = IdxHeader.read(in, file);
            boolean gzip = in instanceof GZIPInputStream;
            if (!gzip) {
                // For a raw file the length is known: refuse a wrong size before reading a byte of data.
                long found = Files.size(file) - h.headerBytes();
                if (found != h.dataBytes()) {
                    throw sizeMismatch(file, h, found);
                }
            }
            Chunks data = Chunks.read(in, h.dataBytes());
            if (data.length() < h.dataBytes()) {
                throw sizeMismatch(file, h, data.length());
            }
            if (in.read() != -1) {
                throw new MalformedFileException(file, "trailing data: the header " + describe(h) + " claims "
                        + h.dataBytes() + " bytes of data, but more bytes follow them");
            }
            IdxType type = h.type();
            return new Contents(h, data.decode((int) h.elements(), type.bytes, type::decode));
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
