package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Primitive;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;

/**
 * Straight-line code between {@link Linearise}'s two halves: instructions in order, each an output
 * slot, a primitive and argument slots, before buffers are assigned. A pass such as loop fusion
 * rewrites it in place; slots keep their numbers, so listings and error messages name the same
 * values whether or not a pass ran.
 */
final class Code {
    /** Per slot: its shape. */
    final Shape[] shapes;
    /** Per slot: the value of a constant, else null. */
    final Tensor[] constants;
    /** Per slot: the node an instruction was made from, for the questions passes ask primitives. */
    final Apply[] nodes;
    /** Per instruction slot: its primitive, argument slots and listing label. */
    final Primitive[] ops;
    final int[][] args;
    final String[] labels;
    /** Per slot: whether the program returns it (its value must be kept). */
    final boolean[] output;
    /** The instructions' output slots, in execution order: the first {@code size} entries. */
    int[] order;
    int size;

    Code(Tensor[] constants) {
        int slots = constants.length;
        this.constants = constants;
        shapes = new Shape[slots];
        nodes = new Apply[slots];
        ops = new Primitive[slots];
        args = new int[slots][];
        labels = new String[slots];
        output = new boolean[slots];
        order = new int[16];
    }

    int slots() {
        return shapes.length;
    }

    /** Appends instruction {@code out = op(args)}. */
    void add(int out, Apply node, Primitive op, int[] argSlots, String label) {
        if (size == order.length) {
            order = java.util.Arrays.copyOf(order, 2 * size);
        }
        order[size++] = out;
        nodes[out] = node;
        ops[out] = op;
        args[out] = argSlots;
        labels[out] = label;
    }
}
