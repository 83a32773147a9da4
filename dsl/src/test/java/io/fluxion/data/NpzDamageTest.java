package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints damaged after they were written: every entry's CRC-32 and every zip structure is
 * checked, so a damaged file is refused, naming the file and what is wrong, and never loads with
 * other numbers.
 */
class NpzDamageTest {

    @TempDir
    Path dir;

    /** A checkpoint as Checkpoint.save writes it: W first, its first element positive. */
    private Path checkpoint() {
        Path f = dir.resolve("ckpt.npz");
        Npz.write(f, LinkedHashMap.of("W", Tensor.of(Shape.of(2, 2), 0.3455, -1.25, 2, 1e-3),
                "b", Tensor.vector(0.5, -0.5)));
        return f;
    }

    @Test
    void aSignFlippedInTheDataIsACrcMismatchNamingFileAndEntry() throws IOException {
        Path f = checkpoint();
        byte[] bytes = Files.readAllBytes(f);
        // The example: byte 170 is the top byte of W[0] (local header, name, npy header, 7 bytes in).
        int nameLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(26);
        int extraLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(28);
        assertEquals(170, 30 + nameLength + extraLength + NpyHeader.prelude(new int[] {2, 2}, io.fluxion.tensor.DType.FLOAT64).length + 7);
        bytes[170] ^= (byte) 0x80;
        Files.write(f, bytes);
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().startsWith(f + ": entry 'W.npy' is damaged: CRC-32 mismatch"), e.getMessage());
    }

    @Test
    void everySingleByteChangeAndTruncationReadsTheOriginalOrIsRefused() {
        Damage.Tally t = Damage.of(checkpoint(), dir);
        System.out.println("NpzDamageTest, a checkpoint from Npz.write: " + t);
        assertTrue(t.wrong().isEmpty() && t.other().isEmpty(), t.toString());
        assertTrue(t.refused() > 0 && t.same() > 0, "both outcomes occur: " + t);
    }

    @Test
    void aDamagedEndRecordCommentLengthSaysSo() throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint());
        for (int comment : new int[] {1, 32_767, 65_535}) {
            byte[] v = bytes.clone();
            ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).putShort(v.length - 2, (short) comment);
            Path f = Files.write(dir.resolve("comment-" + comment + ".npz"), v);
            MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npz.read(f));
            assertEquals(f + ": damaged end of central directory: the record at byte " + (v.length - 22)
                    + " claims a comment of " + comment + " bytes, but 0 bytes follow it (a damaged or truncated archive)",
                    e.getMessage());
        }
    }

    @Test
    void aCentralDirectoryNameThatDisagreesWithTheLocalHeaderIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint());
        // Rename 'b.npy' to 'c.npy' in the central directory only: the data is intact, the name is not.
        int at = lastIndexOf(bytes, "b.npy");
        bytes[at] = 'c';
        Path f = Files.write(dir.resolve("renamed.npz"), bytes);
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("entry 'c.npy'") && e.getMessage().contains("names it 'b.npy'"),
                e.getMessage());
    }

    @Test
    void anEntryClaimingMoreThanDeflateCanProduceIsRefusedUnread() {
        // 100 MB claimed from 20 bytes of deflate data: a zip bomb's directory, refused before inflating.
        Path f = NpzFiles.zip(dir.resolve("bomb.npz"), "w.npy", NpzFiles.npy(NpzFiles.dict("(1,)"), new byte[8]));
        try {
            byte[] bytes = Files.readAllBytes(f);
            int central = lastIndexOf(bytes, "w.npy") - 46;
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(central + 24, 100_000_000);
            Files.write(f, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("entry 'w.npy' claims 100000000 bytes")
                && e.getMessage().contains("more than deflate can produce"), e.getMessage());
    }

    @Test
    void filesThatCannotBeReadAtAllStayIoErrors() throws IOException {
        UncheckedIOException missing = assertThrows(UncheckedIOException.class, () -> Npz.read(dir.resolve("absent.npz")));
        assertTrue(missing.getMessage().contains("absent.npz"), missing.getMessage());
        Path folder = Files.createDirectory(dir.resolve("folder.npz"));
        assertThrows(UncheckedIOException.class, () -> Npz.read(folder));
        Path f = checkpoint();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(f), "running as root, who reads any file: the permission case is skipped");
        UncheckedIOException denied = assertThrows(UncheckedIOException.class, () -> Npz.read(f));
        assertTrue(denied.getMessage().contains(f.toString()), denied.getMessage());
    }

    /** Where {@code text} last occurs in {@code bytes}: in the central directory, for an entry's name. */
    static int lastIndexOf(byte[] bytes, String text) {
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = bytes.length - t.length; i >= 0; i--) {
            if (java.util.Arrays.equals(bytes, i, i + t.length, t, 0, t.length)) {
                return i;
            }
        }
        throw new AssertionError("'" + text + "' is not in the file");
    }
}
