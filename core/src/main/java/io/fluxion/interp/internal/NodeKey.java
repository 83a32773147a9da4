package io.fluxion.interp.internal;

import io.fluxion.expr.Primitive;
import java.util.Arrays;

/**
 * A node up to structure, as compile merges nodes: its primitive (a value) and the positions of
 * its arguments (slots, or structural positions), compared by content. A key of small arrays, so
 * that no hash map is keyed by a deep expression, whose record equality would recurse.
 *
 * @param op the primitive
 * @param args the arguments' positions
 */
public record NodeKey(Primitive op, int[] args) {
    @Override
    public boolean equals(Object o) {
        return o instanceof NodeKey k && op.equals(k.op) && Arrays.equals(args, k.args);
    }

    @Override
    public int hashCode() {
        return 31 * op.hashCode() + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        return op.name() + Arrays.toString(args);
    }
}
