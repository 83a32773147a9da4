package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The seeded permutation behind {@link Dataset#shuffle}: portable, and uniform. */
class ShuffleTest {

    @Test
    void generatorIsSplitMix64AsInSplittableRandom() {
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            Shuffle mine = new Shuffle(seed);
            SplittableRandom reference = new SplittableRandom(seed);
            for (int i = 0; i < 1000; i++) {
                assertEquals(reference.nextLong(), mine.next(), "seed " + seed + ", draw " + i);
            }
        }
    }

    @Test
    void permutationOfAGivenSeedNeverChanges() {
        // Computed by an independent Python transcription of SplitMix64 and Fisher-Yates (i from n-1 down,
        // j = below(i + 1)); a change here changes every user's shuffles.
        assertArrayEquals(new int[] {3, 8, 4, 2, 9, 5, 7, 1, 0, 6}, Shuffle.permute(Examples.range(0, 10), 42));
    }

    @Test
    void boundedDrawsStayInRange() {
        Shuffle g = new Shuffle(3);
        for (int bound : new int[] {1, 2, 3, 7, 1 << 30, Integer.MAX_VALUE}) {
            for (int i = 0; i < 1000; i++) {
                int r = g.below(bound);
                assertTrue(r >= 0 && r < bound, r + " outside 0.." + (bound - 1));
            }
        }
    }

    @Test
    void allOrdersOfThreeAreEquallyLikely() {
        // 6000 seeds over 6 orders: about 1000 each, standard deviation about 29; 150 is five of them.
        Map<String, Integer> counts = new HashMap<>();
        for (long seed = 0; seed < 6000; seed++) {
            counts.merge(java.util.Arrays.toString(Shuffle.permute(new int[] {0, 1, 2}, seed)), 1, Integer::sum);
        }
        assertEquals(6, counts.size(), counts.toString());
        counts.values().forEach(c -> assertTrue(Math.abs(c - 1000) < 150, counts.toString()));
    }
}
