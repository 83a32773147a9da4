package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A dataset whose inputs are kept as unsigned bytes (MNIST's pixels) gives, through every way of
 * reading it, the same doubles bit for bit as one built from the doubles {@code pixel / 255},
 * computed as Mnist computed them before it kept the bytes.
 */
class ByteRowsTest {

    /** {@code rows} rows of {@code width} random bytes, every value 0..255 among them. */
    private static byte[] bytes(int rows, int width) {
        byte[] b = new byte[rows * width];
        new SplittableRandom(7).nextBytes(b);
        for (int v = 0; v < 256 && v < b.length; v++) {
            b[v] = (byte) v;
        }
        return b;
    }

    /** The pair: byte-backed and double-backed, with the same targets (numbers that name the rows). */
    private static Tuple2<Dataset, Dataset> pair(int rows, int width) {
        byte[] b = bytes(rows, width);
        double[] pixels = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            pixels[i] = b[i] & 0xFF;
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] /= 255; // as Mnist.dataset divided them
        }
        double[] ids = new double[rows];
        java.util.Arrays.setAll(ids, i -> i);
        Tensor y = Tensor.of(Shape.of(rows), ids);
        Dataset fromBytes = Dataset.of(Rows.UnsignedBytes.of(Shape.of(rows, width), b, 255), new Rows.Dense(y));
        return new Tuple2<>(fromBytes, Dataset.of(Tensor.of(Shape.of(rows, width), pixels), y));
    }

    @Test
    void batchesViewsAndWholeTensorsAreBitForBitThoseOfTheDoubles() throws Exception {
        Tuple2<Dataset, Dataset> p = pair(301, 13);
        Dataset bytes = p._1;
        Dataset doubles = p._2;
        Bits.assertSameBits(doubles.x(), bytes.x(), "x");
        Bits.assertSameBits(doubles.y(), bytes.y(), "y");
        for (Tuple2<Dataset, Dataset> views : List.of(
                new Tuple2<>(bytes.shuffle(3), doubles.shuffle(3)),
                new Tuple2<>(bytes.shuffle(4).split(0.7)._2, doubles.shuffle(4).split(0.7)._2),
                new Tuple2<>(bytes.folds(3, 5).get(1)._1, doubles.folds(3, 5).get(1)._1),
                new Tuple2<>(bytes.take(17), doubles.take(17)),
                new Tuple2<>(deserialise(serialise(bytes.shuffle(6).take(40))), doubles.shuffle(6).take(40)))) {
            sameBatches(views._1, views._2);
        }
    }

    @Test
    void batchesGatheredAheadIntoReusedBuffersAreTooBitForBit() {
        // Rows of 4,096 bytes: batches of 2 are gathered ahead on the pool.
        Tuple2<Dataset, Dataset> p = pair(9, 4096);
        sameBatches(p._1.shuffle(1), p._2.shuffle(1));
    }

    @Test
    void inFloat32BytesBecomeTheConvertedDoublesThroughEveryWayOfReading() throws Exception {
        // Rows of 4,096 bytes: batches of 2 are gathered ahead on the pool, in float32 too.
        for (int width : new int[] {13, 4096}) {
            Tuple2<Dataset, Dataset> p = pair(width == 13 ? 301 : 9, width);
            Dataset bytes = p._1.to(DType.FLOAT32);
            Dataset floats = p._2.to(DType.FLOAT32);
            assertEquals(DType.FLOAT32, bytes.dtype());
            assertEquals(DType.FLOAT32, bytes.x().dtype());
            assertEquals(DType.FLOAT32, bytes.y().dtype());
            Bits.assertSameBits(p._2.x().to(DType.FLOAT32), floats.x(), "x converted");
            Bits.assertSameBits(floats.x(), bytes.x(), "x");
            Bits.assertSameBits(floats.y(), bytes.y(), "y");
            for (Tuple2<Dataset, Dataset> views : List.of(
                    new Tuple2<>(bytes.shuffle(3), floats.shuffle(3)),
                    new Tuple2<>(p._1.shuffle(4).split(0.7)._2.to(DType.FLOAT32), floats.shuffle(4).split(0.7)._2),
                    new Tuple2<>(bytes.take(5), floats.take(5)),
                    new Tuple2<>(deserialise(serialise(bytes.shuffle(6).take(4))), floats.shuffle(6).take(4)))) {
                sameBatches(views._1, views._2);
            }
        }
    }

    @Test
    void convertingToTheDTypeADatasetHasKeepsItAndBackToFloat64IsExact() {
        Tuple2<Dataset, Dataset> p = pair(20, 3);
        assertSame(p._1, p._1.to(DType.FLOAT64));
        Dataset f = p._2.to(DType.FLOAT32);
        assertSame(f, f.to(DType.FLOAT32));
        Bits.assertSameBits(p._2.x().to(DType.FLOAT32).to(DType.FLOAT64), f.to(DType.FLOAT64).x(), "x back");
        assertEquals(DType.FLOAT64, p._1.to(DType.FLOAT32).to(DType.FLOAT64).batches(7).head().x().dtype());
    }

    @Test
    void rowsOfSeveralDivisorsReadInTurnEachDivideByTheirOwn() {
        // The quotients are made once for the divisor read last; rows of another divisor read in
        // between must not be given them.
        byte[] all = new byte[256];
        for (int v = 0; v < 256; v++) {
            all[v] = (byte) v;
        }
        int[] every = java.util.stream.IntStream.range(0, 256).toArray();
        for (double divisor : new double[] {255, 2, 255, 7.5, 7.5, 1e-3, 255}) {
            for (DType dtype : DType.values()) {
                double[] got = Rows.UnsignedBytes.of(Shape.of(256, 1), all, divisor).to(dtype).take(every).toArray();
                for (int v = 0; v < 256; v++) {
                    double want = dtype == DType.FLOAT64 ? v / divisor : (float) (v / divisor);
                    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got[v]),
                            dtype + ", byte " + v + " / " + divisor);
                }
            }
        }
    }

    @Test
    void everyByteValueIsItsQuotientBy255InFloat32Too() {
        byte[] all = new byte[256];
        for (int v = 0; v < 256; v++) {
            all[v] = (byte) v;
        }
        Tensor x = Dataset.of(Rows.UnsignedBytes.of(Shape.of(256, 1), all, 255),
                new Rows.Dense(Tensor.zeros(Shape.of(256)))).to(DType.FLOAT32).x();
        for (int v = 0; v < 256; v++) {
            float expected = v;
            expected /= 255f; // torchvision's img.float().div(255)
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(x.toFloatArray()[v]), "byte " + v);
        }
    }

    @Test
    void everyByteValueIsItsQuotientBy255() {
        byte[] all = new byte[256];
        for (int v = 0; v < 256; v++) {
            all[v] = (byte) v;
        }
        Tensor x = Dataset.of(Rows.UnsignedBytes.of(Shape.of(256, 1), all, 255),
                new Rows.Dense(Tensor.zeros(Shape.of(256)))).x();
        for (int v = 0; v < 256; v++) {
            double expected = v;
            expected /= 255;
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(x.get(v, 0)), "byte " + v);
        }
    }

    private static void sameBatches(Dataset bytes, Dataset doubles) {
        Bits.assertSameBits(doubles.x(), bytes.x(), "x of the view");
        for (int size : new int[] {1, 2, 7, 100}) {
            List<Batch> expected = doubles.batches(size).toList();
            assertEquals(expected.size(), bytes.batches(size).size());
            for (Tuple2<Batch, Batch> b : expected.zip(bytes.batches(size))) {
                Bits.assertSameBits(b._1.x(), b._2.x(), "batch " + b._1.index() + " of " + size);
                Bits.assertSameBits(b._1.y(), b._2.y(), "batch " + b._1.index() + " of " + size);
            }
            Iterator<Batch> reused = io.fluxion.data.internal.ReusedBatches.of(bytes, size, false);
            for (Batch e : expected) {
                Batch b = reused.next();
                Bits.assertSameBits(e.x(), b.x(), "reused batch " + e.index() + " of " + size);
                Bits.assertSameBits(e.y(), b.y(), "reused batch " + e.index() + " of " + size);
            }
        }
    }

    private static byte[] serialise(Object o) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream s = new ObjectOutputStream(out)) {
            s.writeObject(o);
        }
        return out.toByteArray();
    }

    private static Dataset deserialise(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream s = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (Dataset) s.readObject();
        }
    }
}
