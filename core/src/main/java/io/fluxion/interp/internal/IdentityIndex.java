package io.fluxion.interp.internal;

/**
 * A map from objects, by identity, to non-negative ints: what {@link Graph} keeps for every node
 * of a walk. Open addressing over an array of keys and one of ints, so that a walk of a million
 * nodes boxes no Integer, where an {@code IdentityHashMap} of boxed positions spent most of such a
 * walk resizing and collecting garbage.
 *
 * <p>Up to {@value #LINEAR} keys it keeps them in the order they came and scans them: an eager
 * step walks graphs of a dozen nodes, most of them made for that step, and the first
 * {@code System.identityHashCode} of an object is a call into the VM that costs more than the
 * whole scan. Past that size the keys move into the hash table.
 */
public final class IdentityIndex {
    /** The largest number of keys kept in order and scanned. */
    public static final int LINEAR = 16;

    private Object[] keys = new Object[LINEAR];
    private int[] values = new int[LINEAR];
    private int size;
    /** Whether the keys are in the hash table (else in order, in the first {@code size} places). */
    private boolean hashed;

    /** The number of keys. */
    public int size() {
        return size;
    }

    /** The value of k, or -1. */
    public int get(Object k) {
        Object[] ks = keys;
        if (!hashed) {
            for (int i = 0, n = size; i < n; i++) {
                if (ks[i] == k) {
                    return values[i];
                }
            }
            return -1;
        }
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
    public boolean contains(Object k) {
        return get(k) >= 0;
    }

    /** Maps k to v (v ≥ 0), replacing any value it had. */
    public void put(Object k, int v) {
        if (!hashed) {
            for (int i = 0; i < size; i++) {
                if (keys[i] == k) {
                    values[i] = v;
                    return;
                }
            }
            if (size < LINEAR) {
                keys[size] = k;
                values[size] = v;
                size++;
                return;
            }
            rehash(4 * LINEAR);
            hashed = true;
        }
        if (2 * (size + 1) > keys.length) {
            rehash(keys.length * 2);
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

    /** Moves every key into a hash table of {@code capacity} slots (a power of two). */
    private void rehash(int capacity) {
        Object[] oldKeys = keys;
        int[] oldValues = values;
        keys = new Object[capacity];
        values = new int[capacity];
        int mask = capacity - 1;
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
