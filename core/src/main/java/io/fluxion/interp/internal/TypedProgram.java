package io.fluxion.interp.internal;

import io.fluxion.expr.Primitive;
import io.fluxion.expr.Var;
import io.fluxion.interp.Program;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import io.vavr.collection.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Program} for one signature of input dtypes: its instructions with their conversions,
 * loops fused in their dtype, and buffers assigned by shape, dtype and liveness.
 *
 * <p>Immutable and thread-safe. Each run borrows a workspace of buffers from a pool, so repeated
 * runs allocate nothing but their outputs (whose buffers are handed over, not copied), and
 * concurrent runs never share a buffer. Buffers are assigned by liveness: a slot's buffer is reused
 * once no later instruction reads it.
 */
public final class TypedProgram {

    /** One instruction: {@code out = op(args)}, writing into register {@code register}. */
    public record Instruction(int out, Primitive op, int[] args, int register) {}

    private final int slots;
    private final Tensor[] constants;
    private final Var[] inputs;
    private final DType[] inputDTypes;
    private final int[] inputSlots;
    private final Instruction[] code;
    private final Shape[] registers;
    private final DType[] registerDTypes;
    private final int[] outputs;
    private final String[] labels;
    /** For each output, the register holding it, or -1 for a constant or an input (returned as is). */
    private final int[] outputRegisters;
    private final ConcurrentLinkedQueue<Workspace> pool = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Workspace> spare = new AtomicReference<>();

    TypedProgram(int slots, Tensor[] constants, Var[] inputs, DType[] inputDTypes, int[] inputSlots,
            Instruction[] code, Shape[] registers, DType[] registerDTypes, int[] outputs, String[] labels) {
        this.slots = slots;
        this.constants = constants;
        this.inputs = inputs;
        this.inputDTypes = inputDTypes;
        this.inputSlots = inputSlots;
        this.code = code;
        this.registers = registers;
        this.registerDTypes = registerDTypes;
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

    /** Whether inputs of these values have this program's signature. */
    public boolean accepts(Tensor[] in) {
        for (int i = 0; i < in.length; i++) {
            if (in[i].dtype() != inputDTypes[i]) {
                return false;
            }
        }
        return true;
    }

    public int size() {
        return code.length;
    }

    /** The elements of its registers and constants: the memory it holds besides its inputs. */
    public long heldElements() {
        long n = 0;
        for (Shape s : registers) {
            n += s.size();
        }
        for (Tensor c : constants) {
            n += c == null ? 0 : c.shape().size();
        }
        return n;
    }

    public List<Primitive> primitives() {
        return List.of(code).map(Instruction::op);
    }

    /** The values of the outputs for these input values (in the order of the program's inputs). */
    public List<Tensor> run(Tensor[] in, boolean checkFinite) {
        Workspace w = borrow();
        try {
            Tensor[] v = execute(w, in, checkFinite);
            // An output computed here is handed over with its buffer, which the workspace replaces:
            // no copy, and nothing writes the caller's tensor again. An output asked for twice is
            // one tensor.
            Tensor[] result = new Tensor[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                int r = outputRegisters[i];
                if (r < 0) {
                    result[i] = v[outputs[i]];
                } else if (Storage.view(w.buffers[r]) == v[outputs[i]]) {
                    result[i] = v[outputs[i]];
                    w.buffers[r] = Buffer.of(registers[r], registerDTypes[r]);
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
     * The outputs for these input values written into the caller's buffers (see
     * {@code Program.runInto}, which has checked their number, shapes and storage); each must
     * have its output's dtype in this specialisation.
     */
    public void runInto(Tensor[] in, boolean checkFinite, Buffer[] buffers) {
        for (int i = 0; i < outputs.length; i++) {
            DType want = outputDType(i, in);
            if (buffers[i].dtype() != want) {
                throw new IllegalArgumentException("runInto: output " + i + " is " + want + " for these bindings, its"
                        + " buffer is " + buffers[i].dtype());
            }
        }
        Workspace w = borrow();
        // Each computed output's register is the caller's buffer for this run: its instruction
        // writes there directly. Earlier instructions may use the register for a value that dies
        // before the output is computed, which the output then overwrites completely.
        Buffer[] own = new Buffer[outputs.length];
        boolean[] swapped = new boolean[outputs.length];
        try {
            for (int i = 0; i < outputs.length; i++) {
                int r = outputRegisters[i];
                if (r >= 0 && firstOf(outputs[i]) == i) {
                    own[i] = w.buffers[r];
                    w.buffers[r] = buffers[i];
                    swapped[i] = true;
                }
            }
            Tensor[] v = execute(w, in, checkFinite);
            for (int i = 0; i < outputs.length; i++) {
                if (!swapped[i]) {
                    buffers[i].set(v[outputs[i]]);
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

    /** The dtype of output i: its register's, a constant's, or the bound input's. */
    public DType outputDType(int i, Tensor[] in) {
        int r = outputRegisters[i];
        if (r >= 0) {
            return registerDTypes[r];
        }
        int slot = outputs[i];
        if (constants[slot] != null) {
            return constants[slot].dtype();
        }
        int k = 0;
        while (inputSlots[k] != slot) {
            k++;
        }
        return in[k].dtype();
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
    private Tensor[] execute(Workspace w, Tensor[] in, boolean checkFinite) {
        Tensor[] v = w.values;
        for (int i = 0; i < in.length; i++) {
            v[inputSlots[i]] = in[i];
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
            v[ins.out] = Storage.view(out);
            if (checkFinite) {
                requireFinite(ins, Storage.view(out));
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
        double[] d = t.dtype() == DType.FLOAT64 ? io.fluxion.tensor.internal.Storage.read(t) : null;
        float[] f = d == null ? io.fluxion.tensor.internal.Storage.readFloats(t) : null;
        for (int i = 0, n = t.shape().size(); i < n; i++) {
            double x = d != null ? d[i] : f[i];
            if (!Double.isFinite(x)) {
                throw new ArithmeticException("v" + ins.out + " = " + labels[ins.out] + " produced " + x
                        + " at element " + i + " of shape " + t.shape());
            }
        }
    }

    /** The buffers and value slots of one run at a time. */
    private final class Workspace {
        final Tensor[] values = new Tensor[slots];
        final Buffer[] buffers = new Buffer[registers.length];
        final Tensor[][] args = new Tensor[slots][];

        public Workspace() {
            for (int i = 0; i < registers.length; i++) {
                buffers[i] = Buffer.of(registers[i], registerDTypes[i]);
            }
            for (Instruction ins : code) {
                args[ins.out] = new Tensor[ins.args.length];
            }
            System.arraycopy(constants, 0, values, 0, slots);
        }
    }

    /** The listing, one line per slot: {@code v3 = mul v1 v2}; a float32 input says so. */
    public String listing() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < inputs.length; i++) {
            b.append('v').append(inputSlots[i]).append(" = input ").append(inputs[i].name())
                    .append(' ').append(inputs[i].shape());
            if (inputDTypes[i] != DType.FLOAT64) {
                b.append(' ').append(inputDTypes[i]);
            }
            b.append('\n');
        }
        for (int i = 0; i < slots; i++) {
            if (constants[i] != null) {
                b.append('v').append(i).append(" = const ").append(constants[i].toCompactString()).append('\n');
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
}
