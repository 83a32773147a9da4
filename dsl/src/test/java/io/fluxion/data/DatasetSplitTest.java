package io.fluxion.data;

import static io.fluxion.data.Examples.ids;
import static io.fluxion.data.Examples.numbered;
import static io.fluxion.data.Examples.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.Tuple2;
import io.vavr.collection.List;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Splitting into train and validation parts, k-fold cross-validation, and taking a prefix. */
class DatasetSplitTest {

    @Test
    void splitByFractionKeepsOrder() {
        Tuple2<Dataset, Dataset> s = numbered(10).split(0.8);
        assertArrayEquals(range(0, 8), ids(s._1));
        assertArrayEquals(range(8, 10), ids(s._2));
        // 0.29 * 100 is 28.999999999999996 in floating point: rounding, not truncation, gives 29.
        assertEquals(29, numbered(100).split(0.29)._1.size());
    }

    @Test
    void splitByCountOfAShuffledDataset() {
        Dataset d = numbered(10).shuffle(9);
        Tuple2<Dataset, Dataset> s = d.split(3);
        int[] all = ids(d);
        assertArrayEquals(Arrays.copyOfRange(all, 0, 3), ids(s._1));
        assertArrayEquals(Arrays.copyOfRange(all, 3, 10), ids(s._2));
    }

    @Test
    void badSplitsAreRefusedNamingTheValue() {
        Dataset d = numbered(10);
        refused(() -> d.split(0.0), "0.0");
        refused(() -> d.split(1.0), "1.0");
        refused(() -> d.split(Double.NaN), "NaN");
        refused(() -> d.split(-0.5), "-0.5");
        refused(() -> d.split(0.01), "0.01");
        refused(() -> d.split(0.97), "0.97");
        refused(() -> d.split(0), "got 0");
        refused(() -> d.split(10), "got 10");
    }

    @Test
    void foldsAreScikitLearnKFoldBlocks() {
        // KFold(3).split(range(10)) validates on [0..3], [4..6], [7..9]: the first 10 % 3 folds get one more.
        List<Tuple2<Dataset, Dataset>> folds = numbered(10).folds(3);
        assertEquals(3, folds.size());
        int[][] validation = {range(0, 4), range(4, 7), range(7, 10)};
        for (int i = 0; i < 3; i++) {
            int[] v = validation[i];
            assertArrayEquals(v, ids(folds.get(i)._2), "validation of fold " + i);
            int[] train = IntStream.range(0, 10).filter(r -> r < v[0] || r > v[v.length - 1]).toArray();
            assertArrayEquals(train, ids(folds.get(i)._1), "training of fold " + i);
        }
    }

    @Test
    void leaveOneOutIsKEqualToSize() {
        List<Tuple2<Dataset, Dataset>> folds = numbered(4).folds(4);
        assertEquals(List.of(1, 1, 1, 1), folds.map(f -> f._2.size()));
        assertEquals(List.of(3, 3, 3, 3), folds.map(f -> f._1.size()));
    }

    @Test
    void shuffledFoldsCoverEveryExampleOnceAndFollowTheShuffle() {
        Dataset d = numbered(11);
        List<Tuple2<Dataset, Dataset>> folds = d.folds(4, 77);
        int[] validated = folds.flatMap(f -> List.ofAll(ids(f._2))).toJavaStream().mapToInt(Integer::intValue).toArray();
        assertArrayEquals(ids(d.shuffle(77)), validated, "folds cut the shuffled order into blocks");
        assertArrayEquals(range(0, 11), Arrays.stream(validated).sorted().toArray());
        assertEquals(List.of(3, 3, 3, 2), folds.map(f -> f._2.size()));
    }

    @Test
    void badFoldCountsAreRefusedNamingThem() {
        refused(() -> numbered(5).folds(1), "got 1");
        refused(() -> numbered(5).folds(6), "got 6");
        refused(() -> numbered(5).folds(0, 3), "got 0");
    }

    @Test
    void takeIsAPrefixAndClampsToTheSize() {
        Dataset d = numbered(10).shuffle(2);
        assertArrayEquals(Arrays.copyOf(ids(d), 3), ids(d.take(3)));
        assertSame(d, d.take(10));
        assertEquals(10, d.take(1000).size());
        refused(() -> d.take(0), "got 0");
    }

    private static void refused(Executable call, String naming) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(naming), "message should name " + naming + ": " + e.getMessage());
    }
}
