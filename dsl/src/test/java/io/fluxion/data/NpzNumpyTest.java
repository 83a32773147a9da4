package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interoperability with NumPy itself, when python3 with numpy is installed; skipped otherwise. */
class NpzNumpyTest {

    @TempDir
    Path dir;

    private static Boolean numpy;
    /** The first of these with numpy: the one on the path, then Debian's, where .ci/run installs python3-numpy. */
    private static final List<String> INTERPRETERS = List.of("python3", "/usr/bin/python3");
    private static String interpreter = "python3";

    /** Each test, not the class, is skipped, so that reports count the skipped tests. */
    @BeforeEach
    void numpyIsInstalled() throws InterruptedException {
        if (numpy == null) {
            numpy = false;
            for (String candidate : INTERPRETERS) {
                interpreter = candidate;
                try {
                    if (python(dir, "import numpy").exit() == 0) {
                        numpy = true;
                        break;
                    }
                } catch (IOException e) {
                    // not installed: try the next one
                }
            }
        }
        assumeTrue(numpy, "no python3 with numpy (tried " + INTERPRETERS.mkString(", ")
                + "): NumPy interoperability test skipped");
    }

    record Run(int exit, String output) {}

    /** Runs {@code python3 -c script args...} with a timeout, its output collected through a file. */
    private static Run python(Path work, String script, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "python", ".out");
        List<String> command = List.of(interpreter, "-c", script).appendAll(List.of(args));
        Process p = new ProcessBuilder(command.asJava()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 did not finish within 60 s: " + command);
        }
        String output = Files.readString(out);
        Files.delete(out);
        return new Run(p.exitValue(), output);
    }

    @Test
    void numpyReadsWhatFluxionWrites() throws IOException, InterruptedException {
        Tensor m = Tensor.of(Shape.of(2, 3), 0.1, -0.0, 1e-310, Double.NaN, Double.POSITIVE_INFINITY, 1.0 / 3);
        LinkedHashMap<String, Tensor> arrays = LinkedHashMap.of("z", Tensor.scalar(-2.5),
                "v", Tensor.of(Shape.of(4), 1, 2, 3, 4), "m", m);
        Path f = dir.resolve("from-fluxion.npz");
        Npz.write(f, arrays);
        Run r = python(dir, String.join("\n",
                "import sys, numpy as np",
                "z = np.load(sys.argv[1], allow_pickle=False)",
                "for k in z.files:",
                "    a = z[k]",
                "    print(k, a.dtype.str, a.shape, ' '.join(str(b) for b in a.reshape(-1).view('<i8')))"), f.toString());
        assertEquals(0, r.exit(), r.output());
        List<String> expected = arrays.map(kv -> kv._1 + " <f8 " + NpyHeader.shape(List.ofAll(kv._2.shape().dims())) + " "
                + List.ofAll(kv._2.toArray()).map(d -> String.valueOf(Double.doubleToRawLongBits(d))).mkString(" ")).toList();
        assertEquals(expected, List.of(r.output().strip().split("\n")));
    }

    @Test
    void fluxionReadsWhatNumpyWritesStoredOrCompressed() throws IOException, InterruptedException {
        Path stored = dir.resolve("stored.npz");
        Path compressed = dir.resolve("compressed.npz");
        Run r = python(dir, String.join("\n",
                "import sys, numpy as np",
                "arrays = dict(w=np.arange(6.0).reshape(2, 3) / 7, s=np.float64(-2.5), v=np.array([0.1, -0.0, np.inf]))",
                "np.savez(sys.argv[1], **arrays)",
                "np.savez_compressed(sys.argv[2], **arrays)"), stored.toString(), compressed.toString());
        assertEquals(0, r.exit(), r.output());
        for (Path f : List.of(stored, compressed)) {
            LinkedHashMap<String, Tensor> a = Npz.read(f);
            assertEquals(List.of("w", "s", "v"), a.keySet().toList(), f.toString());
            Bits.assertSameBits(Tensor.of(Shape.of(2, 3), 0 / 7.0, 1 / 7.0, 2 / 7.0, 3 / 7.0, 4 / 7.0, 5 / 7.0),
                    a.get("w").get(), f + " w");
            Bits.assertSameBits(Tensor.scalar(-2.5), a.get("s").get(), f + " s");
            Bits.assertSameBits(Tensor.of(Shape.of(3), 0.1, -0.0, Double.POSITIVE_INFINITY), a.get("v").get(), f + " v");
        }
    }

    @Test
    void numpyReadsFluxionsFloat32AsF4BitForBit() throws IOException, InterruptedException {
        Tensor m = Tensor.of(Shape.of(2, 3), new float[] {0.1f, -0.0f, Float.MIN_VALUE, Float.NaN,
            Float.POSITIVE_INFINITY, 1f / 3});
        Path f = dir.resolve("f32.npz");
        Npz.write(f, LinkedHashMap.of("m", m, "d", Tensor.vector(0.1)));
        Run r = python(dir, String.join("\n",
                "import sys, numpy as np",
                "z = np.load(sys.argv[1], allow_pickle=False)",
                "for k in z.files:",
                "    a = z[k]",
                "    print(k, a.dtype.str, a.shape, ' '.join(str(b) for b in a.reshape(-1).view('<i%d' % a.itemsize)))"),
                f.toString());
        assertEquals(0, r.exit(), r.output());
        String bits = List.ofAll(m.toFloatArray()).map(v -> String.valueOf(Float.floatToRawIntBits(v))).mkString(" ");
        assertEquals(List.of("m <f4 (2, 3) " + bits, "d <f8 (1,) " + Double.doubleToRawLongBits(0.1)),
                List.of(r.output().strip().split("\n")));
    }

    @Test
    void fluxionReadsNumpysFloat32StoredOrCompressed() throws IOException, InterruptedException {
        Path stored = dir.resolve("stored.npz");
        Path compressed = dir.resolve("compressed.npz");
        Run r = python(dir, String.join("\n",
                "import sys, numpy as np",
                "arrays = dict(w=np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(7), s=np.float32(-2.5))",
                "np.savez(sys.argv[1], **arrays)",
                "np.savez_compressed(sys.argv[2], **arrays)"), stored.toString(), compressed.toString());
        assertEquals(0, r.exit(), r.output());
        float[] w = new float[6];
        for (int i = 0; i < w.length; i++) {
            w[i] = i / 7f;
        }
        for (Path f : List.of(stored, compressed)) {
            LinkedHashMap<String, Tensor> a = Npz.read(f);
            Bits.assertSameBits(Tensor.of(Shape.of(2, 3), w), a.get("w").get(), f + " w");
            Bits.assertSameBits(Tensor.scalar(-2.5, DType.FLOAT32), a.get("s").get(), f + " s");
        }
    }

    @Test
    void damagedNumpyFilesStoredOrCompressedReadTheOriginalOrAreRefused() throws IOException, InterruptedException {
        Path stored = dir.resolve("stored.npz");
        Path compressed = dir.resolve("compressed.npz");
        Run r = python(dir, String.join("\n",
                "import sys, numpy as np",
                "arrays = dict(w=np.arange(6.0).reshape(2, 3) / 7, b=np.float64(-2.5))",
                "np.savez(sys.argv[1], **arrays)",
                "np.savez_compressed(sys.argv[2], **arrays)"), stored.toString(), compressed.toString());
        assertEquals(0, r.exit(), r.output());
        for (Path f : List.of(stored, compressed)) {
            Damage.Tally t = Damage.of(f, dir);
            System.out.println("NpzNumpyTest, " + f.getFileName() + " from NumPy: " + t);
            assertTrue(t.wrong().isEmpty() && t.other().isEmpty(), f.getFileName() + ": " + t);
        }
    }

    @Test
    void aDeflatedEntryThatInflatesToOtherBytesIsACrcMismatch() throws IOException, InterruptedException {
        Path f = dir.resolve("compressed.npz");
        Run r = python(dir, String.join("\n",
                "import sys, numpy as np",
                "np.savez_compressed(sys.argv[1], w=np.linspace(-1, 1, 50))"), f.toString());
        assertEquals(0, r.exit(), r.output());
        byte[] bytes = Files.readAllBytes(f);
        java.nio.ByteBuffer local = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int start = 30 + local.getShort(26) + local.getShort(28);
        int compressedSize;
        int size;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(f.toFile())) {
            // From the central directory: NumPy's local headers may leave the sizes to a ZIP64 field.
            compressedSize = (int) z.getEntry("w.npy").getCompressedSize();
            size = (int) z.getEntry("w.npy").getSize();
        }
        byte[] original = inflate(bytes, start, compressedSize, size);
        // A change in the deflate data that still inflates, to as many bytes, but other ones: only the CRC tells.
        for (int i = start; i < start + compressedSize; i++) {
            for (int mask = 1; mask < 256; mask <<= 1) {
                byte[] v = bytes.clone();
                v[i] ^= (byte) mask;
                byte[] out = inflate(v, start, compressedSize, size);
                if (out != null && !java.util.Arrays.equals(out, original)) {
                    Path damaged = Files.write(dir.resolve("damaged.npz"), v);
                    MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npz.read(damaged));
                    assertTrue(e.getMessage().startsWith(damaged + ": entry 'w.npy' is damaged: CRC-32 mismatch"),
                            e.getMessage());
                    return;
                }
            }
        }
        throw new AssertionError("no single-bit change of the deflate data inflates to other bytes of the same length");
    }

    /** The entry's bytes, or null unless its deflate data inflates cleanly to exactly {@code size} bytes. */
    private static byte[] inflate(byte[] zip, int start, int compressedSize, int size) {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        try {
            inflater.setInput(zip, start, compressedSize);
            byte[] out = new byte[size + 1];
            int n = inflater.inflate(out);
            return inflater.finished() && n == size && inflater.getRemaining() == 0 ? java.util.Arrays.copyOf(out, n) : null;
        } catch (java.util.zip.DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    @Test
    void pythonsZipOf65535EntriesWithoutZip64RecordsIsRead() throws IOException, InterruptedException {
        // Python's zipfile writes the count 0xFFFF as it is, with no ZIP64 record, up to 65,535 entries.
        Path f = dir.resolve("many.npz");
        Run r = python(dir, String.join("\n",
                "import sys, io, zipfile, numpy as np",
                "b = io.BytesIO(); np.save(b, np.float64(2.5))",
                "with zipfile.ZipFile(sys.argv[1], 'w') as z:",
                "    for i in range(65535): z.writestr('a%d.npy' % i, b.getvalue())"), f.toString());
        assertEquals(0, r.exit(), r.output());
        LinkedHashMap<String, Tensor> a = Npz.read(f);
        assertEquals(65_535, a.size());
        assertTrue(a.forAll(kv -> kv._2.item() == 2.5));
    }

    @Test
    void whatNumpyWritesInOtherTypesOrLayoutsIsRefused() throws IOException, InterruptedException {
        Run r = python(dir, String.join("\n",
                "import sys, numpy as np",
                "np.savez(sys.argv[1], a=np.ones(3, dtype='>f8'))",
                "np.savez(sys.argv[2], a=np.ones(3, dtype=np.float16))",
                "np.savez(sys.argv[3], a=np.asfortranarray(np.ones((2, 3))))",
                "np.savez(sys.argv[4], a=np.array([{'x': 1}], dtype=object))"),
                List.of("big", "f16", "fortran", "object").map(n -> dir.resolve(n + ".npz").toString()).toJavaArray(String[]::new));
        assertEquals(0, r.exit(), r.output());
        refused(dir.resolve("big.npz"), "'>f8'");
        refused(dir.resolve("f16.npz"), "'<f2'");
        refused(dir.resolve("fortran.npz"), "fortran_order True");
        refused(dir.resolve("object.npz"), "'|O'");
    }

    private static void refused(Path f, String found) {
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("entry 'a.npy'")
                && e.getMessage().contains(found), e.getMessage());
    }
}
