package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small files that expand to large arrays, read in a JVM of 256 MB, where reading one file may
 * take 128 MB: what fits is decoded straight into its tensor (one copy), what does not is refused
 * before anything is allocated, with a message, never an OutOfMemoryError.
 */
class MemoryLimitTest {

    @TempDir
    Path dir;

    /** G1 on any machine (a small one would get the serial collector, whose maximum heap excludes a survivor space). */
    private static final List<String> SMALL_HEAP = List.of("-Xmx256m", "-XX:+UseG1GC");

    private String probe(String kind, Path file, List<String> options) {
        Forked.Result r = Forked.run(dir, 120, options, LoadProbe.class, kind, file.toString());
        assertEquals(0, r.exit(), r.output());
        return r.output().strip();
    }

    @Test
    void aGzippedIdxFileOf29KbClaimingThirtyMillionBytesIsRefusedNotAnOutOfMemoryError() throws IOException {
        Path f = dir.resolve("zeros-idx1-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f), 1 << 16)) {
            out.write(ByteBuffer.allocate(8).putInt(0x00000801).putInt(30_000_000).array());
            byte[] zeros = new byte[1 << 20];
            for (int left = 30_000_000; left > 0; left -= zeros.length) {
                out.write(zeros, 0, Math.min(left, zeros.length));
            }
        }
        assertTrue(Files.size(f) < 32_000, "a small file: " + Files.size(f) + " bytes");
        assertEquals("thrown: io.fluxion.data.MalformedFileException: " + f + ": needs 230 MiB in memory for its 30000000 "
                + "elements as doubles, more than the 128 MiB one file "
                + "may take: half of this JVM's maximum heap of 256 MiB, the other half left for using what was read. "
                + "Raise the maximum heap with -Xmx512m or more, if this file is what it claims to be",
                probe("idx", f, SMALL_HEAP));
    }

    @Test
    void fortyDeflatedEntriesOfAMillionDoublesAreRefusedTogether() throws IOException {
        // 305 MiB in all, 7.6 MiB each: every entry alone would pass a limit per entry.
        Path f = deflated("forty.npz", 40, 1_000_000);
        assertTrue(Files.size(f) < 330_000, "a small file: " + Files.size(f) + " bytes");
        assertEquals("thrown: io.fluxion.data.MalformedFileException: " + f + ": needs 306 MiB in memory for its 40 arrays "
                + "(320005120 bytes in all), more than the 128 MiB one file may take: half of this JVM's maximum "
                + "heap of 256 MiB, the other half left for using what was read. Raise the maximum heap with -Xmx640m "
                + "or more, if this file is what it claims to be", probe("npz", f, SMALL_HEAP));
    }

    @Test
    void aDeflatedArrayOfTenMillionDoublesFitsOnceDecodedStraightIntoItsTensor() throws IOException {
        // 76 MiB from 78 KB: three copies (bytes, doubles, the tensor's own) ran out of memory; one fits.
        Path f = deflated("ten-million.npz", 1, 10_000_000);
        assertTrue(Files.size(f) < 80_000, "a small file: " + Files.size(f) + " bytes");
        assertEquals("loaded: a0 (10000000) sum 0.0", probe("npz", f, SMALL_HEAP));
        Path twice = deflated("twenty-million.npz", 1, 20_000_000);
        assertEquals("thrown: io.fluxion.data.MalformedFileException: " + twice + ": needs 153 MiB in memory for its array "
                + "(160000128 bytes), more than the 128 MiB one file may take: half of this JVM's maximum heap "
                + "of 256 MiB, the other half left for using what was read. Raise the maximum heap with -Xmx320m or "
                + "more, if this file is what it claims to be", probe("npz", twice, SMALL_HEAP));
    }

    @Test
    void mnistLoadsIn512Mb() {
        Option<Path> mnist = MnistFolder.find();
        assumeTrue(mnist.isDefined(), MnistFolder::notFound);
        // With native access, as the project's JVMs run: a dataset starts loading the native BLAS
        // (Preload), which the JDK would otherwise warn of.
        assertEquals("loaded: 60000 training and 10000 test examples",
                probe("mnist", mnist.get(), List.of("-Xmx512m", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED")));
    }

    /** {@code count} deflated entries {@code a0, a1, ...} of {@code n} zeros each, written as a stream. */
    private Path deflated(String name, int count, int n) throws IOException {
        Path f = dir.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.setLevel(9);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < count; i++) {
                z.putNextEntry(new ZipEntry("a" + i + ".npy"));
                z.write(NpyHeader.prelude(new int[] {n}, io.fluxion.tensor.DType.FLOAT64));
                for (long left = 8L * n; left > 0; left -= zeros.length) {
                    z.write(zeros, 0, (int) Math.min(left, zeros.length));
                }
                z.closeEntry();
            }
        }
        return f;
    }
}
