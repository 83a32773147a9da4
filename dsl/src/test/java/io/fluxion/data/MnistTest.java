package io.fluxion.data;

import static io.fluxion.data.IdxFiles.gzip;
import static io.fluxion.data.IdxFiles.idx;
import static io.fluxion.data.IdxFiles.raw;
import static io.fluxion.data.IdxFiles.ubytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading MNIST-shaped IDX files written by the test: scaling, one-hot labels, and every refusal. */
class MnistTest {

    @TempDir
    Path dir;

    /** n images of 28x28 whose pixel p of image i is (i * 7 + p) % 256. */
    private static byte[] images(int n) {
        byte[] data = new byte[n * 784];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ((i / 784 * 7 + i % 784) % 256);
        }
        return idx(0x08, new int[] {n, 28, 28}, data);
    }

    private void writeAll(int trainImages, int[] trainLabels) {
        gzip(dir, "train-images-idx3-ubyte.gz", images(trainImages));
        raw(dir, "train-labels-idx1-ubyte", idx(0x08, new int[] {trainLabels.length}, ubytes(trainLabels)));
        raw(dir, "t10k-images-idx3-ubyte", images(2));
        gzip(dir, "t10k-labels-idx1-ubyte.gz", idx(0x08, new int[] {2}, ubytes(9, 0)));
    }

    @Test
    void pixelsAreScaledAndLabelsOneHot() {
        writeAll(3, new int[] {5, 0, 4});
        Mnist m = Mnist.load(dir);
        assertEquals(3, m.train().size());
        assertEquals(2, m.test().size());
        assertEquals(Shape.of(3, 784), m.train().x().shape());
        assertEquals(Shape.of(3, 10), m.train().y().shape());
        for (int i = 0; i < 3; i++) {
            for (int p = 0; p < 784; p += 97) {
                assertEquals(((i * 7 + p) % 256) / 255.0, m.train().x().get(i, p), "image " + i + " pixel " + p);
            }
        }
        assertEquals(1.0, m.train().x().get(0, 255));
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, m.train().y().takeRows(new int[] {0}).toArray());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, m.test().y().takeRows(new int[] {1}).toArray());
        assertEquals(1.0, m.test().y().get(0, 9));
    }

    @Test
    void loadedInFloat32BatchesAreTheFloat64OnesRounded() {
        writeAll(3, new int[] {5, 0, 4});
        Mnist wide = Mnist.load(dir);
        Mnist m = Mnist.load(dir, DType.FLOAT32);
        for (Tuple2<Dataset, Dataset> d : List.of(Tuple.of(wide.train(), m.train()), Tuple.of(wide.test(), m.test()))) {
            assertEquals(DType.FLOAT32, d._2.dtype());
            Bits.assertSameBits(d._1.x().to(DType.FLOAT32), d._2.x(), "x");
            Bits.assertSameBits(d._1.y().to(DType.FLOAT32), d._2.y(), "y");
            Batch b = io.fluxion.data.internal.ReusedBatches.of(d._2, 2, false).next();
            Bits.assertSameBits(d._1.batches(2).head().x().to(DType.FLOAT32), b.x(), "a reused batch's x");
            assertEquals(DType.FLOAT32, b.y().dtype());
        }
    }

    @Test
    void missingFilesAreNamedWithTheDirectoryAndWhereToGetThem() {
        gzip(dir, "train-images-idx3-ubyte.gz", images(1));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Mnist.load(dir));
        String m = e.getMessage();
        assertTrue(m.contains(dir.toAbsolutePath().toString()), m);
        assertTrue(m.contains("train-labels-idx1-ubyte") && m.contains("t10k-images-idx3-ubyte")
                && m.contains("t10k-labels-idx1-ubyte"), m);
        assertTrue(m.contains("Download") && m.contains("README"), m);
        UncheckedIOException f = assertThrows(UncheckedIOException.class, () -> Mnist.load(dir.resolve("absent")));
        assertTrue(f.getMessage().contains("absent") && f.getMessage().contains("train-images-idx3-ubyte"), f.getMessage());
    }

    @Test
    void countMismatchNamesBothFilesAndCounts() {
        writeAll(3, new int[] {1, 2});
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Mnist.load(dir));
        String m = e.getMessage();
        assertTrue(m.contains("train-images-idx3-ubyte.gz") && m.contains("train-labels-idx1-ubyte"), m);
        assertTrue(m.contains("3 images") && m.contains("2 labels"), m);
    }

    @Test
    void labelsOutsideZeroToNineAreRefused() {
        writeAll(3, new int[] {1, 10, 2});
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte") && e.getMessage().contains("label 10")
                && e.getMessage().contains("index 1") && e.getMessage().contains("0..9"), e.getMessage());
    }

    @Test
    void aFileOfTheWrongKindIsRefusedSayingWhatWasExpected() {
        writeAll(2, new int[] {1, 2});
        raw(dir, "t10k-images-idx3-ubyte", idx(0x08, new int[] {2, 28, 27}, new byte[2 * 28 * 27]));
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte") && e.getMessage().contains("n x 28 x 28")
                && e.getMessage().contains("2 x 28 x 27"), e.getMessage());
        raw(dir, "t10k-images-idx3-ubyte", images(2));
        gzip(dir, "t10k-labels-idx1-ubyte.gz", idx(0x0C, new int[] {2}, new byte[8]));
        MalformedFileException f = assertThrows(MalformedFileException.class, () -> Mnist.load(dir));
        assertTrue(f.getMessage().contains("t10k-labels-idx1-ubyte.gz") && f.getMessage().contains("int (0x0C)"),
                f.getMessage());
    }
}
