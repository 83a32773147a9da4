package io.fluxion.interp;

import io.fluxion.expr.Primitive;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Wengert list: instructions in topological order, each an output slot, a primitive and input
 * slots, printed as {@code v3 = mul v1 v2}. Made by {@link Linearise} (shared sub-expressions
 * appear once, constants are folded) or by {@code compile}.
 *
 * <p>Immutable and thread-safe. Each run borrows a workspace of buffers from a pool, so repeated
 * runs allocate nothing but their outputs (whose buffers are handed over, not copied; with
 * {@link #runInto} not even those), and concurrent runs never share a buffer. Buffers are assigned by liveness: a slot's buffer is reused
 * once no later instruction reads it.
 */
public final class Program {

    /** One instruction: {@code out = op(args)}, writing into register {@code register}. */
    record Instruction(int out, Primitive op, int[] args, int register) {}

    private final int slots;
    private final Tensor[] constants;
    private final Var[] inputs;
    private final int[] inputSlots;
    private final Instruction[] code;
    private final Shape[] registers;
    private final int[] outputs;
    private final String[] labels;
    /** For each output, the register holding it, or -1 for a constant or an input (returned as is). */
    private final int[] outputRegisters;
    private final ConcurrentLinkedQueue<Workspace> pool = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Workspace> spare = new AtomicReference<>();

    Program(int slots, Tensor[] constants, Var[] inputs, int[] inputSlots, Instruction[] code, Shape[] registers,
            int[] outputs, String[] labels) {
        this.slots = slots;
        this.constants = constants;
        this.inputs = inputs;
        this.inputSlots = inputSlots;
        this.code = code;
        this.registers = registers;
        this.outputs = outputs;
        this.labels = labels;
        int[] registerOfSlot = new int[slots];
        java.util.Arrays.fill(registerOfSlot, -1);
        for (Instruction ins : code) {
            registerOfSlot[ins.out] = ins.register;
        }
        this.outputRegisters = new int[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            outputRegisters[i] = registerOfSlot[outputs[i]];
        }
    }

    /** The variables the program reads. */
    public List<Var> inputs() {
        return List.of(inputs);
    }

    /** The number of instructions. */
    public int size() {
        return code.length;
    }

    /**
     * The primitive of each instruction, in the order they run: what a compiled program actually
     * executes after fusion (tests and coverage checks read it; the listing is for people).
     */
    public List<Primitive> primitives() {
        return List.of(code).map(Instruction::op);
    }

    /** The values of the outputs, in the order they were given. */
    public List<Tensor> run(Bindings bindings) {
        return run(bindings, false);
    }

    /**
     * As {@link #run(Bindings)}; with {@code checkFinite}, stops at the first instruction that
     * produces a NaN or an infinity and names it (for a fused loop, the part that produced it).
     */
    public List<Tensor> run(Bindings bindings, boolean checkFinite) {
        Workspace w = borrow();
        try {
            Tensor[] v = execute(w, bindings, checkFinite);
            // An output computed here is handed over with its buffer, which the workspace replaces:
            // no copy, and nothing writes the caller's tensor again. An output asked for twice is
            // one tensor.
            Tensor[] result = new Tensor[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                int r = outputRegisters[i];
                if (r < 0) {
                    result[i] = v[outputs[i]];
                } else if (w.buffers[r].view() == v[outputs[i]]) {
                    result[i] = v[outputs[i]];
                    w.buffers[r] = Buffer.of(registers[r]);
                } else {
                    result[i] = result[firstOf(outputs[i])];
                }
            }
            return List.of(result);
        } finally {
            giveBack(w);
        }
    }

    /**
     * As {@link #run(Bindings)}, writing output i into {@code outputs[i]} (a buffer of that
     * output's shape, read through {@link Buffer#view()}) instead of into a fresh tensor, so that
     * a loop of runs allocates nothing: what a hand-written loop does with the arrays it owns, and
     * what PyTorch's {@code out=} and JAX's donated buffers are for. Each output buffer is written
     * completely; its earlier views see the new values. The buffers must be distinct, and none may
     * hold the storage of a bound input (a kernel would read what it writes). A run that fails (an
     * unbound variable, a NaN found by {@code checkFinite}) may leave partial values in them.
     */
    public void runInto(Bindings bindings, Buffer... outputs) {
        runInto(bindings, false, outputs);
    }

    /** As {@link #runInto(Bindings, Buffer...)}, with {@code checkFinite} as in {@link #run(Bindings, boolean)}. */
    public void runInto(Bindings bindings, boolean checkFinite, Buffer... outputs) {
        requireOutputBuffers(bindings, outputs);
        Workspace w = borrow();
        // Each computed output's register is the caller's buffer for this run: its instruction
        // writes there directly. Earlier instructions may use the register for a value that dies
        // before the output is computed, which the output then overwrites completely.
        Buffer[] own = new Buffer[outputs.length];
        boolean[] swapped = new boolean[outputs.length];
        try {
            for (int i = 0; i < this.outputs.length; i++) {
                int r = outputRegisters[i];
                if (r >= 0 && firstOf(this.outputs[i]) == i) {
                    own[i] = w.buffers[r];
                    w.buffers[r] = outputs[i];
                    swapped[i] = true;
                }
            }
            Tensor[] v = execute(w, bindings, checkFinite);
            for (int i = 0; i < this.outputs.length; i++) {
                if (!swapped[i]) {
                    outputs[i].set(v[this.outputs[i]]);
                }
            }
        } finally {
            for (int i = 0; i < own.length; i++) {
                if (swapped[i]) {
                    w.buffers[outputRegisters[i]] = own[i];
                }
            }
            giveBack(w);
        }
    }

    private void requireOutputBuffers(Bindings bindings, Buffer[] buffers) {
        if (buffers.length != outputs.length) {
            throw new IllegalArgumentException("runInto: the program has " + outputs.length + " output(s), got "
                    + buffers.length + " buffer(s)");
        }
        for (int i = 0; i < buffers.length; i++) {
            Shape want = outputShape(i);
            if (!buffers[i].shape().equals(want)) {
                throw new io.fluxion.tensor.ShapeException("runInto: output " + i + " has shape " + want
                        + ", its buffer has shape " + buffers[i].shape());
            }
            double[] storage = io.fluxion.tensor.Storage.write(buffers[i]);
            for (int j = 0; j < i; j++) {
                if (buffers[j] == buffers[i]) {
                    throw new IllegalArgumentException("runInto: outputs " + j + " and " + i + " were given the same buffer");
                }
            }
            for (Var x : inputs) {
                Tensor t = bindings.getOrNull(x);
                if (t != null && io.fluxion.tensor.Storage.read(t) == storage) {
                    throw new IllegalArgumentException("runInto: the buffer of output " + i + " holds the value bound to input '"
                            + x.name() + "'; a run cannot write over what it reads (use a second buffer)");
                }
            }
        }
    }

    /** The shape of output i. */
    private Shape outputShape(int i) {
        int r = outputRegisters[i];
        if (r >= 0) {
            return registers[r];
        }
        int slot = outputs[i];
        if (constants[slot] != null) {
            return constants[slot].shape();
        }
        int k = 0;
        while (inputSlots[k] != slot) {
            k++;
        }
        return inputs[k].shape();
    }

    /** A workspace for one run: the spare one, one from the pool, or a new one. */
    private Workspace borrow() {
        // One workspace is kept aside, so that a run that meets no other allocates nothing here
        // (offering to the queue allocates a node); concurrent runs take others from the queue.
        Workspace w = spare.getAndSet(null);
        if (w == null) {
            w = pool.poll();
        }
        return w == null ? new Workspace() : w;
    }

    private void giveBack(Workspace w) {
        // Drop references to this run's bindings before the workspace goes back to the pool.
        System.arraycopy(constants, 0, w.values, 0, slots);
        if (!spare.compareAndSet(null, w)) {
            pool.offer(w);
        }
    }

    /** Binds the inputs and runs every instruction into the workspace; the values by slot. */
    private Tensor[] execute(Workspace w, Bindings bindings, boolean checkFinite) {
        Tensor[] v = w.values;
        List<Var> missing = List.empty();
        for (int i = inputs.length - 1; i >= 0; i--) {
            Tensor t = bindings.getOrNull(inputs[i]);
            if (t == null) {
                missing = missing.prepend(inputs[i]);
            } else {
                v[inputSlots[i]] = t;
            }
        }
        if (!missing.isEmpty()) {
            throw new UnboundVariableException(missing, bindings);
        }
        for (Instruction ins : code) {
            Tensor[] args = w.args[ins.out];
            for (int j = 0; j < args.length; j++) {
                args[j] = v[ins.args[j]];
            }
            Buffer out = w.buffers[ins.register];
            if (checkFinite && ins.op instanceof Fused f) {
                f.applyChecked(args, out);
            } else {
                ins.op.applyInto(args, out);
            }
            v[ins.out] = out.view();
            if (checkFinite) {
                requireFinite(ins, out.view());
            }
        }
        return v;
    }

    private int firstOf(int slot) {
        int i = 0;
        while (outputs[i] != slot) {
            i++;
        }
        return i;
    }

    private void requireFinite(Instruction ins, Tensor t) {
        double[] d = io.fluxion.tensor.Storage.read(t);
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                throw new ArithmeticException("v" + ins.out + " = " + labels[ins.out] + " produced " + d[i]
                        + " at element " + i + " of shape " + t.shape());
            }
        }
    }

    /** The buffers and value slots of one run at a time. */
    private final class Workspace {
        final Tensor[] values = new Tensor[slots];
        final Buffer[] buffers = new Buffer[registers.length];
        final Tensor[][] args = new Tensor[slots][];

        Workspace() {
            for (int i = 0; i < registers.length; i++) {
                buffers[i] = Buffer.of(registers[i]);
            }
            for (Instruction ins : code) {
                args[ins.out] = new Tensor[ins.args.length];
            }
            System.arraycopy(constants, 0, values, 0, slots);
        }
    }

    /** The listing, one line per slot: {@code v3 = mul v1 v2}. */
    public String listing() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < inputs.length; i++) {
            b.append('v').append(inputSlots[i]).append(" = input ").append(inputs[i].name())
                    .append(' ').append(inputs[i].shape()).append('\n');
        }
        for (int i = 0; i < slots; i++) {
            if (constants[i] != null) {
                b.append('v').append(i).append(" = const ").append(constants[i]).append('\n');
            }
        }
        for (Instruction ins : code) {
            b.append('v').append(ins.out).append(" = ").append(labels[ins.out]);
            for (int a : ins.args) {
                b.append(" v").append(a);
            }
            b.append('\n');
        }
        b.append("return");
        for (int o : outputs) {
            b.append(" v").append(o);
        }
        return b.toString();
    }

    /** The first lines of the listing. */
    @Override
    public String toString() {
        String l = listing();
        return l.length() > 2000 ? l.substring(0, 2000) + "…" : l;
    }
}
