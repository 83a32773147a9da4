package io.fluxion.data;

import static io.fluxion.data.IdxFiles.gzip;
import static io.fluxion.data.IdxFiles.idx;
import static io.fluxion.data.IdxFiles.raw;
import static io.fluxion.data.IdxFiles.ubytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading well-formed IDX files of every element type, raw and gzipped. */
class IdxTest {

    @TempDir
    Path dir;

    private static final byte[] IMAGES = idx(0x08, new int[] {2, 2, 3}, ubytes(0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255));

    @Test
    void readsUnsignedByteImagesFlattenedPerExample() {
        Tensor t = Idx.read(raw(dir, "images", IMAGES));
        assertEquals(Shape.of(2, 6), t.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}, t.toArray());
    }

    @Test
    void gzipIsRecognisedByContentNotName() {
        Tensor expected = Idx.read(raw(dir, "plain", IMAGES));
        Bits.assertSameBits(expected, Idx.read(gzip(dir, "compressed-without-suffix", IMAGES)), "gzip");
        Bits.assertSameBits(expected, Idx.read(raw(dir, "raw-despite.gz", IMAGES)), "raw named .gz");
    }

    @Test
    void rankOneIsAVector() {
        Tensor t = Idx.read(gzip(dir, "labels.gz", idx(0x08, new int[] {4}, ubytes(5, 0, 4, 1))));
        assertEquals(Shape.of(4), t.shape());
        assertArrayEquals(new double[] {5, 0, 4, 1}, t.toArray());
    }

    @Test
    void signedBytesShortsAndIntsAreBigEndian() {
        assertArrayEquals(new double[] {-1, 127, -128},
                Idx.read(raw(dir, "b", idx(0x09, new int[] {3}, ubytes(0xFF, 0x7F, 0x80)))).toArray());
        ByteBuffer s = ByteBuffer.allocate(4).putShort((short) -2).putShort((short) 0x0102);
        assertArrayEquals(new double[] {-2, 258}, Idx.read(raw(dir, "s", idx(0x0B, new int[] {2}, s.array()))).toArray());
        ByteBuffer i = ByteBuffer.allocate(8).putInt(-70000).putInt(Integer.MAX_VALUE);
        assertArrayEquals(new double[] {-70000, Integer.MAX_VALUE},
                Idx.read(raw(dir, "i", idx(0x0C, new int[] {2}, i.array()))).toArray());
    }

    @Test
    void floatsAndDoublesAreBigEndian() {
        ByteBuffer f = ByteBuffer.allocate(8).putFloat(0.1f).putFloat(-3.5f);
        assertArrayEquals(new double[] {0.1f, -3.5}, Idx.read(gzip(dir, "f", idx(0x0D, new int[] {2, 1}, f.array()))).toArray());
        ByteBuffer d = ByteBuffer.allocate(16).putDouble(0.1).putDouble(-1e300);
        Tensor t = Idx.read(raw(dir, "d", idx(0x0E, new int[] {1, 2}, d.array())));
        assertEquals(Shape.of(1, 2), t.shape());
        assertArrayEquals(new double[] {0.1, -1e300}, t.toArray());
    }

    @Test
    void headerGivesTheDeclaredDimensions() {
        assertEquals(List.of(2, 2, 3), Idx.header(raw(dir, "images", IMAGES)));
        assertEquals(List.of(2, 2, 3), Idx.header(gzip(dir, "images.gz", IMAGES)));
    }

    @Test
    void dataLongerThanOneChunkIsReadWhole() {
        int n = Chunks.CHUNK / 8 + 3; // doubles spanning two chunks
        ByteBuffer d = ByteBuffer.allocate(8 * n);
        for (int i = 0; i < n; i++) {
            d.putDouble(i * 0.5);
        }
        Tensor t = Idx.read(gzip(dir, "long.gz", idx(0x0E, new int[] {n}, d.array())));
        assertEquals(Shape.of(n), t.shape());
        assertEquals((n - 1) * 0.5, t.get(n - 1));
        assertEquals(Chunks.CHUNK / 16 * 0.5, t.get(Chunks.CHUNK / 16));
    }

    @Test
    void missingFileIsAnUncheckedIoErrorNamingIt() {
        Path missing = dir.resolve("nowhere.idx");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Idx.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertThrows(UncheckedIOException.class, () -> Idx.header(missing));
    }
}
