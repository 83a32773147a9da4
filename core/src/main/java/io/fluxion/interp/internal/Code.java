package io.fluxion.interp.internal;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Primitive;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.Arrays;

/**
 * Straight-line code between {@link Linearise}'s two halves: instructions in order, each an output
 * slot, a primitive and argument slots, before buffers are assigned. A pass such as loop fusion
 * rewrites it in place; slots keep their numbers, so listings and error messages name the same
 * values whether or not a pass ran. {@link Typing} gives each slot its dtype for one signature of
 * input dtypes and adds slots (numbered after the others) for the conversions it needs.
 */
public final class Code {
    /** Per slot: its shape. */
    public Shape[] shapes;
    /** Per slot: the value of a constant, else null. */
    public Tensor[] constants;
    /**
     * Per instruction slot: what its primitive's {@code flatShift} says of its node, asked once
     * when the code is made (so that the code keeps no expression alive), or {@link #NO_SHIFT}.
     */
    public int[] shifts;
    /** Per instruction slot: its primitive, argument slots and listing label. */
    public Primitive[] ops;
    public int[][] args;
    public String[] labels;
    /** Per slot: whether the program returns it (its value must be kept). */
    public boolean[] output;
    /** Per slot: its dtype, once {@link Typing} has run (null before). */
    public DType[] dtypes;
    /** The instructions' output slots, in execution order: the first {@code size} entries. */
    public int[] order;
    public int size;
    /** The number of slots (the arrays above may be longer). */
    private int slotCount;

    /** The shift of an instruction that is not a flat shift. */
    public static final int NO_SHIFT = Integer.MIN_VALUE;

    public Code(Tensor[] constants) {
        int slots = constants.length;
        this.constants = constants;
        shapes = new Shape[slots];
        shifts = new int[slots];
        ops = new Primitive[slots];
        args = new int[slots][];
        labels = new String[slots];
        output = new boolean[slots];
        order = new int[16];
        slotCount = slots;
    }

    private Code(Code c) {
        shapes = c.shapes.clone();
        constants = c.constants.clone();
        shifts = c.shifts.clone();
        ops = c.ops.clone();
        args = c.args.clone();
        labels = c.labels.clone();
        output = c.output.clone();
        dtypes = c.dtypes == null ? null : c.dtypes.clone();
        order = Arrays.copyOf(c.order, Math.max(16, c.size));
        size = c.size;
        slotCount = c.slotCount;
    }

    /** A copy that passes may rewrite without touching this one (argument arrays are replaced, never written). */
    public Code copy() {
        return new Code(this);
    }

    public int slots() {
        return slotCount;
    }

    /** Appends instruction {@code out = op(args)}, made from {@code node}. */
    public void add(int out, Apply node, Primitive op, int[] argSlots, String label) {
        if (size == order.length) {
            order = Arrays.copyOf(order, 2 * size);
        }
        order[size++] = out;
        shifts[out] = argSlots.length == 1 ? op.flatShift(node).getOrElse(NO_SHIFT) : NO_SHIFT;
        ops[out] = op;
        args[out] = argSlots;
        labels[out] = label;
    }

    /** A new slot of this shape and dtype, numbered after every other, holding nothing yet. */
    public int addSlot(Shape shape, DType dtype) {
        int s = slotCount++;
        if (s == shapes.length) {
            int n = 2 * s + 1;
            shapes = Arrays.copyOf(shapes, n);
            constants = Arrays.copyOf(constants, n);
            shifts = Arrays.copyOf(shifts, n);
            ops = Arrays.copyOf(ops, n);
            args = Arrays.copyOf(args, n);
            labels = Arrays.copyOf(labels, n);
            output = Arrays.copyOf(output, n);
            dtypes = Arrays.copyOf(dtypes, n);
        }
        shapes[s] = shape;
        dtypes[s] = dtype;
        shifts[s] = NO_SHIFT;
        return s;
    }
}
