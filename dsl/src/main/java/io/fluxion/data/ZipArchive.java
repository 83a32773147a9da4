package io.fluxion.data;

import io.vavr.collection.List;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * A zip archive read as untrusted, for {@link Npz}: the end record, the central directory and
 * every local header are checked against one another before any entry is read, and each entry's
 * stream checks its length and CRC-32 when it ends ({@link ZipEntryStream}). Any inconsistency is
 * a {@link MalformedFileException} saying which structure is wrong; only a file that cannot be
 * read at all is an {@link IOException}.
 *
 * <p>Why not {@code java.util.zip.ZipFile}: it checks no CRC, reads entries by the central
 * directory's names without comparing them with the local headers, and reports some damage as
 * {@code EOFException}s indistinguishable from failing disks. Python's {@code zipfile}, which
 * NumPy uses, checks all three; this reader checks what it does, and is stricter: entries must not
 * overlap, the central directory must end where the end record begins, and no entry may claim to
 * inflate to more than deflate can produce from its compressed size.
 */
final class ZipArchive implements Closeable {

    /** Deflate codes at most 258 bytes in 2 bits: nothing inflates more than 1032-fold. */
    static final long MAX_DEFLATE_RATIO = 1032;

    private static final int END = 0x06054b50;
    private static final int END_SIZE = 22;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_LOCATOR_SIZE = 20;
    private static final int ZIP64_END = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int CENTRAL_SIZE = 46;
    private static final int LOCAL = 0x04034b50;
    private static final int LOCAL_SIZE = 30;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final long FFFFFFFF = 0xFFFFFFFFL;

    /**
     * One entry as the central directory and its local header agree on it.
     *
     * @param name the entry's name
     * @param deflated deflated (method 8) rather than stored (method 0)
     * @param crc the CRC-32 of the uncompressed bytes
     * @param compressedSize the bytes of data in the archive
     * @param size the bytes they expand to
     * @param dataStart where the data begins in the file
     */
    record Entry(String name, boolean deflated, long crc, long compressedSize, long size, long dataStart) {}

    private final Path file;
    private final FileChannel channel;
    private final List<Entry> entries;

    private ZipArchive(Path file, FileChannel channel, List<Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.entries = entries;
    }

    /**
     * Opens and checks {@code file}'s structure.
     *
     * @throws MalformedFileException if it is not a sound zip archive
     * @throws IOException if it cannot be read (missing, unreadable, a directory)
     */
    static ZipArchive open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new ZipArchive(file, ch, new Reader(file, ch).entries());
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    /** The entries in central-directory order. */
    List<Entry> entries() {
        return entries;
    }

    /** The uncompressed bytes of {@code e}; the stream refuses them at its end unless length and CRC-32 agree. */
    InputStream open(Entry e) {
        return new ZipEntryStream(file, channel, e);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Reads the structure: end record, ZIP64 records, central directory, local headers. */
    private static final class Reader {
        private final Path file;
        private final FileChannel ch;
        private final long length;

        Reader(Path file, FileChannel ch) throws IOException {
            this.file = file;
            this.ch = ch;
            this.length = ch.size();
        }

        List<Entry> entries() throws IOException {
            long end = findEnd();
            ByteBuffer e = read(end, END_SIZE);
            e.getInt();
            int disk = e.getShort() & 0xFFFF;
            int directoryDisk = e.getShort() & 0xFFFF;
            long onDisk = e.getShort() & 0xFFFF;
            long count = e.getShort() & 0xFFFF;
            long directorySize = e.getInt() & FFFFFFFF;
            long directoryOffset = e.getInt() & FFFFFFFF;
            long directoryEnd = end;
            // A ZIP64 end record, when its locator precedes the end record, holds the true values. Without one,
            // 0xFFFF is a true count: Python writes 65,535 entries so.
            long record = zip64End(end);
            if (record >= 0) {
                ByteBuffer z = read(record, 56);
                z.position(16);
                disk = z.getInt();
                directoryDisk = z.getInt();
                onDisk = z.getLong();
                count = z.getLong();
                directorySize = z.getLong();
                directoryOffset = z.getLong();
                directoryEnd = record;
            }
            if (disk != 0 || directoryDisk != 0 || onDisk != count) {
                throw fail("the end record describes a multi-disk archive (disk " + disk + ", directory on disk "
                        + directoryDisk + ", " + onDisk + " of " + count + " entries on this disk); an .npz is one file");
            }
            if (directoryOffset < 0 || directorySize < 0 || directoryOffset + directorySize != directoryEnd) {
                throw fail("the end record places the central directory at bytes " + directoryOffset + " to "
                        + (directoryOffset + directorySize) + ", but it must end where the end record begins, at byte "
                        + directoryEnd + " (a damaged or truncated archive)");
            }
            if (directorySize > Integer.MAX_VALUE - 8) {
                throw fail("the end record claims a central directory of " + directorySize + " bytes; Fluxion reads "
                        + "archives of a few arrays, whose directories take a few hundred bytes");
            }
            Limits.memory(file, "its central directory (" + directorySize + " bytes)", directorySize);
            if (count > directorySize / CENTRAL_SIZE) {
                throw fail("the end record claims " + count + " entries, more than a central directory of "
                        + directorySize + " bytes can describe");
            }
            List<Entry> found = directory(read(directoryOffset, (int) directorySize), (int) count, directoryOffset);
            checkLayout(found, directoryOffset);
            return found;
        }

        /** The end record's position: the last signature whose comment length reaches exactly to the end of the file. */
        private long findEnd() throws IOException {
            if (length < END_SIZE) {
                throw fail("not a zip archive (an .npz is a zip of .npy arrays), or a truncated one: "
                        + length + " bytes, fewer than the 22 of an empty zip");
            }
            int window = (int) Math.min(length, END_SIZE + MAX_COMMENT);
            ByteBuffer tail = read(length - window, window);
            long firstFound = -1;
            int claimed = 0;
            for (int at = window - END_SIZE; at >= 0; at--) {
                if (tail.getInt(at) == END) {
                    int comment = tail.getShort(at + 20) & 0xFFFF;
                    long position = length - window + at;
                    if (position + END_SIZE + comment == length) {
                        return position;
                    }
                    if (firstFound < 0) {
                        firstFound = position;
                        claimed = comment;
                    }
                }
            }
            if (firstFound >= 0) {
                throw fail("damaged end of central directory: the record at byte " + firstFound + " claims a comment of "
                        + claimed + " bytes, but " + (length - firstFound - END_SIZE)
                        + " bytes follow it (a damaged or truncated archive)");
            }
            throw fail("not a zip archive (an .npz is a zip of .npy arrays), or a truncated one: "
                    + "no end-of-central-directory record in its last " + window + " bytes");
        }

        /** The ZIP64 end record's position, through the locator just before the end record; -1 without a locator. */
        private long zip64End(long end) throws IOException {
            if (end < ZIP64_LOCATOR_SIZE || read(end - ZIP64_LOCATOR_SIZE, 4).getInt() != ZIP64_LOCATOR) {
                return -1;
            }
            ByteBuffer l = read(end - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
            long record = l.getLong(8);
            if (record < 0 || record > end - ZIP64_LOCATOR_SIZE - 56 || read(record, 4).getInt() != ZIP64_END) {
                throw fail("the ZIP64 locator points to byte " + record + ", where there is no ZIP64 end record");
            }
            long size = read(record + 4, 8).getLong();
            if (record + 12 + size != end - ZIP64_LOCATOR_SIZE) {
                throw fail("the ZIP64 end record at byte " + record + " claims " + size
                        + " bytes, but its locator follows at byte " + (end - ZIP64_LOCATOR_SIZE));
            }
            return record;
        }

        private List<Entry> directory(ByteBuffer d, int count, long offset) throws IOException {
            ArrayList<Entry> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long at = offset + d.position();
                if (d.remaining() < CENTRAL_SIZE || d.getInt() != CENTRAL) {
                    throw fail("central directory entry " + (i + 1) + " of " + count + " at byte " + at
                            + " is damaged: no header signature");
                }
                d.position(d.position() + 4);
                int flags = d.getShort() & 0xFFFF;
                int method = d.getShort() & 0xFFFF;
                d.position(d.position() + 4);
                long crc = d.getInt() & FFFFFFFF;
                long compressed = d.getInt() & FFFFFFFF;
                long size = d.getInt() & FFFFFFFF;
                int nameLength = d.getShort() & 0xFFFF;
                int extraLength = d.getShort() & 0xFFFF;
                int commentLength = d.getShort() & 0xFFFF;
                d.position(d.position() + 8);
                long local = d.getInt() & FFFFFFFF;
                if (d.remaining() < nameLength + extraLength + commentLength) {
                    throw fail("central directory entry " + (i + 1) + " at byte " + at
                            + " is damaged: its name, extra field and comment run past the directory's end");
                }
                byte[] rawName = new byte[nameLength];
                d.get(rawName);
                ByteBuffer extra = d.slice(d.position(), extraLength).order(ByteOrder.LITTLE_ENDIAN);
                d.position(d.position() + extraLength + commentLength);
                String name = name(rawName, flags, at);
                long[] wide = zip64(extra, size, compressed, local, name);
                size = wide[0];
                compressed = wide[1];
                local = wide[2];
                if ((flags & 1) != 0) {
                    throw fail("entry '" + name + "' is encrypted; an .npz is not");
                }
                if (method != 0 && method != 8) {
                    throw fail("entry '" + name + "' uses compression method " + method
                            + "; .npz entries are stored (0) or deflated (8)");
                }
                boolean deflated = method == 8;
                if (!deflated && size != compressed) {
                    throw fail("entry '" + name + "' is stored, yet the central directory gives it " + compressed
                            + " bytes in the archive and " + size + " uncompressed");
                }
                if (deflated && size > compressed * MAX_DEFLATE_RATIO + MAX_DEFLATE_RATIO) {
                    throw fail("entry '" + name + "' claims " + size + " bytes from " + compressed
                            + " compressed, more than deflate can produce (at most " + MAX_DEFLATE_RATIO + "-fold)");
                }
                out.add(new Entry(name, deflated, crc, compressed, size, local(local, rawName, method, name)));
            }
            if (d.hasRemaining()) {
                throw fail("the central directory holds " + d.remaining() + " bytes after its " + count
                        + " entries, as many as the end record claims");
            }
            return List.ofAll(out);
        }

        /** UTF-8 when flag bit 11 says so, else IBM code page 437, as the zip specification and Python say. */
        private String name(byte[] raw, int flags, long at) {
            Charset cs = (flags & 0x800) != 0 ? StandardCharsets.UTF_8
                    : Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;
            try {
                return cs.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
            } catch (CharacterCodingException e) {
                throw fail("central directory entry at byte " + at + " has a name that is not valid " + cs);
            }
        }

        /** Sizes and offset, replaced from the ZIP64 extra field where the directory holds 0xFFFFFFFF. */
        private long[] zip64(ByteBuffer extra, long size, long compressed, long local, String name) {
            long[] v = {size, compressed, local};
            while (extra.remaining() >= 4) {
                int id = extra.getShort() & 0xFFFF;
                int length = extra.getShort() & 0xFFFF;
                if (length > extra.remaining()) {
                    throw fail("entry '" + name + "' has a damaged extra field: a block of " + length
                            + " bytes where " + extra.remaining() + " remain");
                }
                ByteBuffer block = extra.slice(extra.position(), length).order(ByteOrder.LITTLE_ENDIAN);
                extra.position(extra.position() + length);
                if (id == 1) {
                    for (int k = 0; k < 3; k++) {
                        if (v[k] == FFFFFFFF) {
                            if (block.remaining() < 8) {
                                throw fail("entry '" + name + "' has a ZIP64 extra field too short for its sizes");
                            }
                            v[k] = block.getLong();
                        }
                    }
                }
            }
            for (long x : v) {
                if (x < 0) {
                    throw fail("entry '" + name + "' has a ZIP64 size or offset beyond 2^63");
                }
            }
            return v;
        }

        /** Checks the local header against the directory; returns where the data begins. */
        private long local(long offset, byte[] rawName, int method, String name) throws IOException {
            if (offset > length - LOCAL_SIZE) {
                throw fail("entry '" + name + "': the central directory places its local header at byte " + offset
                        + ", beyond the file's " + length + " bytes");
            }
            ByteBuffer h = read(offset, LOCAL_SIZE);
            if (h.getInt(0) != LOCAL) {
                throw fail("entry '" + name + "': no local header at byte " + offset + ", where the central directory places it");
            }
            int localMethod = h.getShort(8) & 0xFFFF;
            int nameLength = h.getShort(26) & 0xFFFF;
            int extraLength = h.getShort(28) & 0xFFFF;
            if (offset + LOCAL_SIZE + nameLength > length) {
                throw fail("entry '" + name + "': its local header's name runs past the end of the file");
            }
            byte[] localName = readBytes(offset + LOCAL_SIZE, nameLength);
            if (!Arrays.equals(localName, rawName)) {
                throw fail("entry '" + name + "': the local header at byte " + offset + " names it '"
                        + new String(localName, StandardCharsets.ISO_8859_1) + "'; the two must agree");
            }
            if (localMethod != method) {
                throw fail("entry '" + name + "': the local header says compression method " + localMethod
                        + ", the central directory " + method);
            }
            return offset + LOCAL_SIZE + nameLength + extraLength;
        }

        /** Entries' data lie before the central directory, one after another, never overlapping. */
        private void checkLayout(List<Entry> found, long directoryOffset) {
            Entry[] byPlace = found.sortBy(Entry::dataStart).toJavaArray(Entry[]::new);
            for (int i = 0; i < byPlace.length; i++) {
                Entry e = byPlace[i];
                boolean last = i + 1 == byPlace.length;
                long limit = last ? directoryOffset : byPlace[i + 1].dataStart();
                if (e.compressedSize() > limit - e.dataStart()) {
                    String what = last ? "the central directory" : "entry '" + byPlace[i + 1].name() + "'";
                    throw fail("entry '" + e.name() + "': its " + e.compressedSize() + " bytes from byte "
                            + e.dataStart() + " run into " + what + " at byte " + limit);
                }
            }
        }

        private ByteBuffer read(long position, int size) throws IOException {
            return ByteBuffer.wrap(readBytes(position, size)).order(ByteOrder.LITTLE_ENDIAN);
        }

        private byte[] readBytes(long position, int size) throws IOException {
            if (position < 0 || position + size > length) {
                throw fail("a structure at byte " + position + " of " + size + " bytes runs past the end of the file ("
                        + length + " bytes): a damaged or truncated archive");
            }
            ByteBuffer b = ByteBuffer.allocate(size);
            while (b.hasRemaining()) {
                if (ch.read(b, position + b.position()) < 0) {
                    throw new EOFException(file + " shrank while being read");
                }
            }
            return b.array();
        }

        private MalformedFileException fail(String problem) {
            return new MalformedFileException(file, problem);
        }
    }
}
