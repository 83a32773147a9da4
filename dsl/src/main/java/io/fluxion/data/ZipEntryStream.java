package io.fluxion.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The uncompressed bytes of one {@link ZipArchive.Entry}, stored or deflated, which refuse to end
 * (a {@link MalformedFileException} instead of -1) unless they are exactly as many as the central
 * directory records and their CRC-32 is the one it records. A reader that reads to the end, as
 * {@link Npz} does, so never accepts damaged bytes; it never gets more than the recorded length.
 */
final class ZipEntryStream extends InputStream {
    private static final int BLOCK = 1 << 16;

    private final Path file;
    private final FileChannel channel;
    private final ZipArchive.Entry entry;
    private final CRC32 crc = new CRC32();
    /** Null for a stored entry. */
    private final Inflater inflater;
    private final byte[] input;
    /** The next compressed byte to hand the inflater, as an offset from the entry's data. */
    private long consumed;
    private long produced;
    private boolean ended;
    /** The refusal already thrown, thrown again by any later read: damaged bytes never pass. */
    private MalformedFileException refused;

    ZipEntryStream(Path file, FileChannel channel, ZipArchive.Entry entry) {
        this.file = file;
        this.channel = channel;
        this.entry = entry;
        this.inflater = entry.deflated() ? new Inflater(true) : null;
        this.input = entry.deflated() ? new byte[(int) Math.min(BLOCK, Math.max(1, entry.compressedSize()))] : null;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (refused != null) {
            throw refused;
        }
        if (ended) {
            return -1;
        }
        try {
            int n = inflater == null ? stored(b, off, len) : inflated(b, off, len);
            if (n < 0) {
                verify();
                ended = true;
                return -1;
            }
            produced += n;
            if (produced > entry.size()) {
                throw damaged("it inflates to more than the " + entry.size() + " bytes the central directory records");
            }
            crc.update(b, off, n);
            return n;
        } catch (MalformedFileException e) {
            refused = e;
            throw e;
        }
    }

    private int stored(byte[] b, int off, int len) throws IOException {
        long left = entry.size() - produced;
        if (left == 0) {
            return -1;
        }
        ByteBuffer into = ByteBuffer.wrap(b, off, (int) Math.min(len, left));
        int n = channel.read(into, entry.dataStart() + produced);
        if (n < 0) {
            throw new EOFException(file + " shrank while entry '" + entry.name() + "' was read");
        }
        return n;
    }

    private int inflated(byte[] b, int off, int len) throws IOException {
        try {
            while (true) {
                int n = inflater.inflate(b, off, len);
                if (n > 0) {
                    return n;
                }
                if (inflater.finished()) {
                    long after = inflater.getRemaining() + entry.compressedSize() - consumed;
                    if (after > 0) {
                        throw damaged("its deflate stream ends " + after + " bytes before its compressed data does");
                    }
                    return -1;
                }
                if (inflater.needsDictionary()) {
                    throw damaged("its deflate stream asks for a preset dictionary, which zip entries never have");
                }
                if (inflater.getRemaining() > 0) {
                    throw damaged("its deflate stream stalls with input left");
                }
                if (consumed == entry.compressedSize()) {
                    throw damaged("truncated: its " + entry.compressedSize()
                            + " bytes of deflate data end before the stream's end marker");
                }
                int k = (int) Math.min(input.length, entry.compressedSize() - consumed);
                ByteBuffer into = ByteBuffer.wrap(input, 0, k);
                while (into.hasRemaining()) {
                    if (channel.read(into, entry.dataStart() + consumed + into.position()) < 0) {
                        throw new EOFException(file + " shrank while entry '" + entry.name() + "' was read");
                    }
                }
                consumed += k;
                inflater.setInput(input, 0, k);
            }
        } catch (DataFormatException e) {
            throw damaged("its deflate data is invalid (" + e.getMessage() + ")");
        }
    }

    private void verify() {
        if (produced != entry.size()) {
            throw damaged("it holds " + produced + " bytes, the central directory records " + entry.size());
        }
        if (crc.getValue() != entry.crc()) {
            throw damaged(String.format("CRC-32 mismatch: its bytes have CRC-32 %08x, the archive records %08x "
                    + "(the file changed after it was written)", crc.getValue(), entry.crc()));
        }
    }

    private MalformedFileException damaged(String problem) {
        return new MalformedFileException(file, "entry '" + entry.name() + "' is damaged: " + problem);
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
    }
}
