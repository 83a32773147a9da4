package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing and reading .npz checkpoints: round trips, the exact NPY layout, and atomic replacement. */
class NpzTest {

    @TempDir
    Path dir;

    private static final Tensor MATRIX = Tensor.of(Shape.of(2, 3), 0.1, -0.0, 1e-310, Double.NaN,
            Double.NEGATIVE_INFINITY, 1.0 / 3);
    private static final LinkedHashMap<String, Tensor> ARRAYS = LinkedHashMap.of(
            "z", Tensor.scalar(-2.5), "a", Tensor.of(Shape.of(4), 1, 2, 3, 4), "m", MATRIX);

    @Test
    void roundTripKeepsNamesOrderShapesAndBits() {
        Path f = dir.resolve("ckpt.npz");
        Npz.write(f, ARRAYS);
        LinkedHashMap<String, Tensor> back = Npz.read(f);
        assertEquals(List.of("z", "a", "m"), back.keySet().toList());
        for (String k : ARRAYS.keySet()) {
            Bits.assertSameBits(ARRAYS.get(k).get(), back.get(k).get(), k);
        }
    }

    @Test
    void entriesAreStoredNpyVersionOneAlignedTo64() throws IOException {
        Path f = dir.resolve("layout.npz");
        Npz.write(f, ARRAYS);
        try (ZipFile z = new ZipFile(f.toFile())) {
            assertEquals(List.of("z.npy", "a.npy", "m.npy"), List.ofAll(java.util.Collections.list(z.entries())).map(ZipEntry::getName));
            checkEntry(z, "z.npy", "()", new double[] {-2.5});
            checkEntry(z, "a.npy", "(4,)", new double[] {1, 2, 3, 4});
            checkEntry(z, "m.npy", "(2, 3)", MATRIX.toArray());
        }
    }

    private static void checkEntry(ZipFile z, String name, String shape, double[] data) throws IOException {
        ZipEntry e = z.getEntry(name);
        assertEquals(ZipEntry.STORED, e.getMethod(), name + " is stored, as numpy.savez does");
        byte[] bytes;
        try (InputStream in = z.getInputStream(e)) {
            bytes = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic);
        assertEquals(1, b.get());
        assertEquals(0, b.get());
        int len = b.getShort() & 0xFFFF;
        assertEquals(0, (10 + len) % 64, "magic, version, length and header fill whole 64-byte blocks");
        String header = new String(bytes, 10, len, StandardCharsets.US_ASCII);
        assertTrue(header.endsWith("\n"), header);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }", header.strip());
        b.position(10 + len);
        assertEquals(8 * data.length, b.remaining());
        for (double d : data) {
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(b.getDouble()));
        }
    }

    private static final Tensor FLOATS = Tensor.of(Shape.of(2, 3), new float[] {0.1f, -0.0f, Float.MIN_VALUE,
        Float.intBitsToFloat(0x7fc00123), Float.NEGATIVE_INFINITY, 1f / 3});

    @Test
    void float32TensorsAreWrittenAsF4AndReadBackFloat32BitForBit() throws IOException {
        Path f = dir.resolve("mixed.npz");
        LinkedHashMap<String, Tensor> arrays = LinkedHashMap.of("f", FLOATS, "d", MATRIX,
                "s", Tensor.scalar(-2.5, DType.FLOAT32));
        Npz.write(f, arrays);
        LinkedHashMap<String, Tensor> back = Npz.read(f);
        assertEquals(List.of("f", "d", "s"), back.keySet().toList());
        for (String k : arrays.keySet()) {
            Bits.assertSameBits(arrays.get(k).get(), back.get(k).get(), k);
        }
        try (ZipFile z = new ZipFile(f.toFile())) {
            ZipEntry e = z.getEntry("f.npy");
            byte[] bytes;
            try (InputStream in = z.getInputStream(e)) {
                bytes = in.readAllBytes();
            }
            int len = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
            assertEquals(0, (10 + len) % 64);
            assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                    new String(bytes, 10, len, StandardCharsets.US_ASCII).strip());
            ByteBuffer b = ByteBuffer.wrap(bytes, 10 + len, bytes.length - 10 - len).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(4 * 6, b.remaining(), "4 bytes per element");
            for (float v : FLOATS.toFloatArray()) {
                assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(b.getFloat()));
            }
        }
    }

    @Test
    void anEmptyMapIsAnEmptyArchive() {
        Path f = dir.resolve("empty.npz");
        Npz.write(f, LinkedHashMap.empty());
        assertTrue(Npz.read(f).isEmpty());
    }

    @Test
    void writingReplacesTheOldFileAndLeavesNoTemporary() throws IOException {
        Path f = dir.resolve("ckpt.npz");
        Npz.write(f, ARRAYS);
        Npz.write(f, LinkedHashMap.of("only", Tensor.scalar(1)));
        assertEquals(List.of("only"), Npz.read(f).keySet().toList());
        assertEquals(List.of(f), listing());
    }

    @Test
    void aFailingEntryLeavesTheOldFileIntactAndNoTemporary() throws IOException {
        Path f = dir.resolve("ckpt.npz");
        Npz.write(f, ARRAYS);
        byte[] before = Files.readAllBytes(f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Npz.write(f, ARRAYS, name -> {
            if (name.equals("a")) {
                throw new IllegalStateException("disk full (injected)");
            }
        }));
        assertEquals("disk full (injected)", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void aFailingMoveLeavesNoTemporary() throws IOException {
        Path target = Files.createDirectory(dir.resolve("occupied.npz"));
        Files.writeString(target.resolve("keep"), "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Npz.write(target, ARRAYS));
        assertTrue(e.getMessage().contains("occupied.npz"), e.getMessage());
        assertEquals(List.of(target), listing());
        assertEquals("x", Files.readString(target.resolve("keep")));
    }

    @Test
    void invalidNamesAreRefusedBeforeTouchingAnything() throws IOException {
        Path f = dir.resolve("ckpt.npz");
        Npz.write(f, ARRAYS);
        byte[] before = Files.readAllBytes(f);
        for (String bad : new String[] {"a/b", "..", "", "tab\there", "back\\slash"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Npz.write(f, ARRAYS.put(bad, Tensor.scalar(0))));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void aMissingDirectoryIsAnUncheckedIoError() {
        Path f = dir.resolve("no/such/dir/ckpt.npz");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Npz.write(f, ARRAYS));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        UncheckedIOException r = assertThrows(UncheckedIOException.class, () -> Npz.read(f));
        assertTrue(r.getMessage().contains(f.toString()), r.getMessage());
    }

    private List<Path> listing() throws IOException {
        try (var s = Files.list(dir)) {
            return List.ofAll(s.sorted());
        }
    }
}
