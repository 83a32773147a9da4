package io.fluxion.interp.internal;

import io.fluxion.expr.Primitive;
import io.fluxion.tensor.DType;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives every slot of a program its dtype for one signature of input dtypes, by the rules of
 * {@link io.fluxion.expr.Promotion}, and places the conversions those rules imply, so that every
 * instruction reads arguments of the dtype it computes in: a weak constant becomes a constant of
 * the dtype it meets (converted once, here, not on every run), any other value of the wrong dtype
 * is read through a {@link Convert} instruction (one per value and dtype, before its first
 * reader), and an instruction whose kernel does not support its dtype computes into a float64
 * slot of its own, converted into the slot it had.
 *
 * <p>A program of float64 inputs and float64 constants needs no conversion: its code is left as
 * it was, so it computes the bits it computed before dtypes existed.
 */
public final class Typing {
    private final Code code;
    private final boolean[] weak;
    private final Map<Long, Integer> converted = new HashMap<>();
    private int[] order;
    private int size;

    private Typing(Code code) {
        this.code = code;
        this.weak = new boolean[code.slots()];
    }

    /** Types {@code code} (a copy of a linearised program, rewritten in place) for inputs of these dtypes. */
    public static void type(Code code, int[] inputSlots, DType[] inputDTypes) {
        new Typing(code).run(inputSlots, inputDTypes);
    }

    private void run(int[] inputSlots, DType[] inputDTypes) {
        int n = code.slots();
        code.dtypes = new DType[n];
        for (int i = 0; i < inputSlots.length; i++) {
            code.dtypes[inputSlots[i]] = inputDTypes[i];
        }
        for (int s = 0; s < n; s++) {
            if (code.constants[s] != null) {
                code.dtypes[s] = code.constants[s].dtype();
                weak[s] = code.dtypes[s] == DType.FLOAT64;
            }
        }
        order = new int[code.size];
        size = 0;
        for (int k = 0; k < code.size; k++) {
            instruction(code.order[k]);
        }
        code.order = order;
        code.size = size;
        dropReplacedConstants(n);
    }

    /** Constants that only their converted copies replaced are no longer part of the program (nor of its listing). */
    private void dropReplacedConstants(int n) {
        boolean[] read = new boolean[code.slots()];
        for (int k = 0; k < size; k++) {
            for (int a : code.args[order[k]]) {
                read[a] = true;
            }
        }
        for (long key : converted.keySet()) {
            int s = (int) (key >>> 1);
            if (s < n && code.constants[s] != null && !read[s] && !code.output[s]) {
                code.constants[s] = null;
            }
        }
    }

    private void instruction(int s) {
        Primitive op = code.ops[s];
        int[] args = code.args[s];
        DType d = null;
        boolean anyPromotes = false;
        boolean allWeak = true;
        for (int j = 0; j < args.length; j++) {
            if (op.promotes(j)) {
                anyPromotes = true;
                if (!weak[args[j]]) {
                    allWeak = false;
                    d = d == null ? code.dtypes[args[j]] : d.promote(code.dtypes[args[j]]);
                }
            }
        }
        d = d == null ? DType.FLOAT64 : d;
        check(op, args, d);
        weak[s] = anyPromotes && allWeak;
        code.dtypes[s] = d;
        DType compute = op.supports(d) ? d : DType.FLOAT64;
        int[] read = args;
        for (int j = 0; j < args.length; j++) {
            if (code.dtypes[args[j]] != compute) {
                read = read == args ? args.clone() : read;
                read[j] = as(args[j], compute);
            }
        }
        if (compute == d) {
            code.args[s] = read;
            append(s);
            return;
        }
        // The kernel computes in float64 into a slot of its own, converted into s for its readers.
        int raw = code.addSlot(code.shapes[s], compute);
        code.shifts[raw] = code.shifts[s];
        code.ops[raw] = op;
        code.args[raw] = read;
        code.labels[raw] = code.labels[s];
        append(raw);
        code.ops[s] = new Convert(d);
        code.args[s] = new int[] {raw};
        code.labels[s] = "convert[" + d + "]";
        code.shifts[s] = Code.NO_SHIFT;
        append(s);
    }

    /** Asks the primitive whether its arguments' dtypes may meet, when they are not all d already. */
    private void check(Primitive op, int[] args, DType d) {
        boolean mixed = false;
        for (int a : args) {
            mixed |= code.dtypes[a] != d;
        }
        if (mixed) {
            DType[] dtypes = new DType[args.length];
            boolean[] weakArgs = new boolean[args.length];
            for (int j = 0; j < args.length; j++) {
                dtypes[j] = code.dtypes[args[j]];
                weakArgs[j] = weak[args[j]];
            }
            op.checkDTypes(dtypes, weakArgs, d);
        }
    }

    /** The slot holding slot s's value in dtype d: a converted constant, or a conversion placed now. */
    private int as(int s, DType d) {
        long key = ((long) s << 1) | d.ordinal();
        Integer known = converted.get(key);
        if (known != null) {
            return known;
        }
        int c = code.addSlot(code.shapes[s], d);
        if (code.constants[s] != null) {
            code.constants[c] = code.constants[s].to(d);
        } else {
            code.ops[c] = new Convert(d);
            code.args[c] = new int[] {s};
            code.labels[c] = "convert[" + d + "]";
            append(c);
        }
        converted.put(key, c);
        return c;
    }

    private void append(int s) {
        if (size == order.length) {
            order = java.util.Arrays.copyOf(order, 2 * size + 1);
        }
        order[size++] = s;
    }
}
