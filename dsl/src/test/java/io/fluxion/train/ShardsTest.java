package io.fluxion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A batch's shards depend on its size alone, cover it exactly, and are as even as the rows allow. */
class ShardsTest {

    @Test
    void theCountIsAPowerOfTwoOfShardsOfAtLeast32Rows() {
        assertEquals(1, Shards.of(1).count());
        assertEquals(1, Shards.of(63).count());
        assertEquals(2, Shards.of(64).count());
        assertEquals(2, Shards.of(100).count(), "recipe S4's batch");
        assertEquals(4, Shards.of(128).count(), "the MLP's batch");
        assertEquals(8, Shards.of(256).count());
        assertEquals(8, Shards.of(1024).count());
        assertEquals(1, Shards.of(1025).count(), "a large batch runs on every core through its products");
        assertEquals(1, Shards.of(60_000).count(), "a full-batch step of MNIST is not copied into shards");
    }

    @Test
    void shardsCoverTheBatchInOrderAndDifferByOneRowAtMost() {
        for (int total = 1; total <= 1100; total++) {
            Shards s = Shards.of(total);
            int at = 0;
            int least = Integer.MAX_VALUE;
            int most = 0;
            for (int k = 0; k < s.count(); k++) {
                assertEquals(at, s.first(k), "shard " + k + " of " + total);
                at += s.rows(k);
                least = Math.min(least, s.rows(k));
                most = Math.max(most, s.rows(k));
            }
            assertEquals(total, at);
            assertTrue(most - least <= 1, "rows of " + total + " shared " + least + ".." + most);
            assertTrue(s.count() == 1 || least >= Shards.MIN_ROWS, "shards of " + total + " have " + least + " rows");
        }
    }
}
