package io.fluxion.data;

import static io.fluxion.data.Examples.ids;
import static io.fluxion.data.Examples.numbered;
import static io.fluxion.data.Examples.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Building datasets, shuffling them and cutting them into batches. */
class DatasetTest {

    @Test
    void refusesDifferentFirstDimensionsNamingBothShapes() {
        Tensor x = Tensor.zeros(Shape.of(4, 2));
        Tensor y = Tensor.zeros(Shape.of(3));
        ShapeException e = assertThrows(ShapeException.class, () -> Dataset.of(x, y));
        assertTrue(e.getMessage().contains("(4, 2)") && e.getMessage().contains("(3)")
                && e.getMessage().contains("first dimension"), e.getMessage());
    }

    @Test
    void refusesAScalarNamingBothShapes() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Dataset.of(Tensor.scalar(1), Tensor.zeros(Shape.of(1))));
        assertTrue(e.getMessage().contains("()") && e.getMessage().contains("(1)"), e.getMessage());
        assertThrows(ShapeException.class, () -> Dataset.of(Tensor.zeros(Shape.of(1)), Tensor.scalar(1)));
    }

    @Test
    void wholeDatasetHandsOutItsTensors() {
        Tensor x = Tensor.of(Shape.of(3, 2), 1, 2, 3, 4, 5, 6);
        Tensor y = Tensor.of(Shape.of(3), 7, 8, 9);
        Dataset d = Dataset.of(x, y);
        assertEquals(3, d.size());
        assertSame(x, d.x());
        assertSame(y, d.y());
    }

    @Test
    void shuffleIsASeededPermutationKeepingPairs() {
        Dataset d = numbered(50);
        int[] a = ids(d.shuffle(7));
        assertArrayEquals(a, ids(d.shuffle(7)), "same seed, same order");
        assertFalse(Arrays.equals(a, ids(d.shuffle(8))), "another seed, another order");
        assertFalse(Arrays.equals(a, range(0, 50)), "shuffled");
        assertArrayEquals(range(0, 50), Arrays.stream(a).sorted().toArray(), "every example exactly once");
    }

    @Test
    void shuffleOfAViewPermutesTheView() {
        Dataset view = numbered(20).split(10)._2;
        int[] s = ids(view.shuffle(3));
        assertArrayEquals(range(10, 20), Arrays.stream(s).sorted().toArray());
    }

    @Test
    void batchesKeepTheLastPartialOneUnlessDropped() {
        Dataset d = numbered(10);
        List<Batch> bs = d.batches(4).toList();
        assertEquals(List.of(4, 4, 2), bs.map(Batch::size));
        assertEquals(List.of(0, 1, 2), bs.map(Batch::index));
        assertArrayEquals(range(0, 10), bs.flatMap(b -> List.ofAll(ids(b.x(), b.y()))).toJavaStream()
                .mapToInt(Integer::intValue).toArray());
        assertEquals(List.of(4, 4), d.batches(4, true).map(Batch::size).toList());
        assertEquals(List.of(10), d.batches(10, true).map(Batch::size).toList());
        assertTrue(d.batches(11, true).isEmpty());
        assertEquals(List.of(10), d.batches(11).map(Batch::size).toList());
    }

    @Test
    void epochIsShuffledBatches() {
        Dataset d = numbered(10);
        int[] expected = ids(d.shuffle(5));
        List<Batch> epoch = d.epoch(3, 5).toList();
        assertEquals(List.of(3, 3, 3, 1), epoch.map(Batch::size));
        int[] got = epoch.flatMap(b -> List.ofAll(ids(b.x(), b.y()))).toJavaStream().mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, got);
    }

    @Test
    void batchSizeBelowOneIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> numbered(3).batches(0));
        assertTrue(e.getMessage().contains("batchSize") && e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> numbered(3).epoch(-2, 1));
    }

    @Test
    void batchRefusesMismatchedExamplesAndNegativeIndex() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> new Batch(Tensor.zeros(Shape.of(2, 3)), Tensor.zeros(Shape.of(3)), 0));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(3)"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> new Batch(Tensor.zeros(Shape.of(2)), Tensor.zeros(Shape.of(2)), -1));
        assertTrue(f.getMessage().contains("-1"), f.getMessage());
    }

    @Test
    void viewsCopyNoDataOnlyBatchesDo() {
        int n = 20_000;
        int width = 100;
        Dataset d = Dataset.of(Tensor.zeros(Shape.of(n, width)), Tensor.zeros(Shape.of(n, 10)));
        long dataBytes = (long) n * width * Double.BYTES;
        d.shuffle(1).split(0.5)._1.folds(3, 2).head()._1.take(10); // load the classes before counting
        long views = Allocations.during(() -> {
            Dataset v = d.shuffle(1).split(0.5)._1.folds(3, 2).head()._1.take(5000);
            assertEquals(5000, v.size());
        });
        assertTrue(views < dataBytes / 8, "shuffle, split, folds and take allocated " + views
                + " bytes; the data alone is " + dataBytes);
        long batch = Allocations.during(() -> assertEquals(100, d.shuffle(3).batches(100).head().size()));
        assertTrue(batch < dataBytes / 8, "the first batch of 100 rows allocated " + batch + " bytes");
    }

    @Test
    void serialisesOnlyTheViewsRows() throws IOException, ClassNotFoundException {
        Dataset view = numbered(100).shuffle(4).take(7);
        byte[] bytes = serialise(view);
        Dataset back = (Dataset) deserialise(bytes);
        assertArrayEquals(ids(view), ids(back));
        assertTrue(bytes.length < 100 * 3 * Double.BYTES, "wrote " + bytes.length + " bytes for 7 rows");
        Batch b = view.batches(3).get(1);
        Batch c = (Batch) deserialise(serialise(b));
        Bits.assertSameBits(b.x(), c.x(), "x");
        Bits.assertSameBits(b.y(), c.y(), "y");
        assertArrayEquals(ids(b.x(), b.y()), ids(c.x(), c.y()));
        assertEquals(1, c.index());
    }

    private static byte[] serialise(Object o) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream s = new ObjectOutputStream(out)) {
            s.writeObject(o);
        }
        return out.toByteArray();
    }

    private static Object deserialise(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream s = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return s.readObject();
        }
    }
}
