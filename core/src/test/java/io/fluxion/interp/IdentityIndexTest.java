package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.interp.internal.IdentityIndex;
import org.junit.jupiter.api.Test;

/** The identity index keeps its keys by identity whether it scans them (few) or hashes them (many). */
class IdentityIndexTest {

    @Test
    void equalButDistinctKeysAreDistinctAtEverySize() {
        for (int n : new int[] {1, IdentityIndex.LINEAR - 1, IdentityIndex.LINEAR, IdentityIndex.LINEAR + 1, 5_000}) {
            IdentityIndex index = new IdentityIndex();
            // Records equal by value: only identity tells them apart.
            Const[] keys = new Const[n];
            for (int i = 0; i < n; i++) {
                keys[i] = Const.of(7);
                index.put(keys[i], i);
            }
            assertEquals(n, index.size(), "size after " + n);
            for (int i = 0; i < n; i++) {
                assertEquals(i, index.get(keys[i]), "key " + i + " of " + n);
            }
            assertEquals(-1, index.get(Const.of(7)), "an equal key never put, among " + n);
            assertFalse(index.contains(new Object()));
        }
    }

    @Test
    void putReplacesTheValueBeforeAndAfterTheKeysAreHashed() {
        IdentityIndex index = new IdentityIndex();
        Object[] keys = new Object[3 * IdentityIndex.LINEAR];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new Object();
            index.put(keys[i], i);
            index.put(keys[0], 1_000 + i);
            assertEquals(1_000 + i, index.get(keys[0]), "after " + (i + 1) + " keys");
            assertEquals(i + 1, index.size());
            assertTrue(index.contains(keys[i]));
        }
        for (int i = 1; i < keys.length; i++) {
            assertEquals(i, index.get(keys[i]));
        }
    }
}
