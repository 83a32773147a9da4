package io.fluxion.interp;

/**
 * A map from objects, by identity, to non-negative ints: what {@link Graph} keeps for every node
 * of a walk. Open addressing over an array of keys and one of ints, so that a walk of a million
 * nodes boxes no Integer, where an {@code IdentityHashMap} of boxed positions spent most of such a
 * walk resizing and collecting garbage.
 */
final class IdentityIndex {
    private Object[] keys = new Object[64];
    private int[] values = new int[64];
    private int size;

    /** The number of keys. */
    int size() {
        return size;
    }

    /** The value of k, or -1. */
    int get(Object k) {
        Object[] ks = keys;
        int mask = ks.length - 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            Object at = ks[i];
            if (at == k) {
                return values[i];
            }
            if (at == null) {
                return -1;
            }
        }
    }

    /** Whether k is a key. */
    boolean contains(Object k) {
        return get(k) >= 0;
    }

    /** Maps k to v (v ≥ 0), replacing any value it had. */
    void put(Object k, int v) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        Object[] ks = keys;
        int mask = ks.length - 1;
        int i = slot(k, mask);
        while (ks[i] != null && ks[i] != k) {
            i = (i + 1) & mask;
        }
        if (ks[i] == null) {
            ks[i] = k;
            size++;
        }
        values[i] = v;
    }

    private static int slot(Object k, int mask) {
        int h = System.identityHashCode(k) * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    private void grow() {
        Object[] oldKeys = keys;
        int[] oldValues = values;
        keys = new Object[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            Object k = oldKeys[j];
            if (k != null) {
                int i = slot(k, mask);
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
    }
}
