package io.fluxion.interp;

import io.fluxion.expr.Primitive;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Code;
import io.fluxion.interp.internal.Linearise;
import io.fluxion.interp.internal.ProgramFactory;
import io.fluxion.interp.internal.TypedProgram;
import io.fluxion.interp.internal.Typing;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.Lazy;
import io.vavr.collection.List;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A Wengert list: instructions in topological order, each an output slot, a primitive and input
 * slots, printed as {@code v3 = mul v1 v2}. Made by {@link Linearise} (shared sub-expressions
 * appear once, constants are folded) or by {@code compile}.
 *
 * <p>As {@code jax.jit} traces a function once per signature of its arguments, a program is
 * specialised once per signature of its inputs' dtypes: on the first run with a signature, each
 * instruction gets the dtype its arguments promote to ({@link io.fluxion.expr.Promotion}), weak
 * constants are converted to the dtype they meet, conversions are placed where values meet
 * instructions of another dtype, loops are fused in their dtype, and registers are assigned; the
 * result is kept for later runs with that signature. The float64 specialisation's instructions
 * are what {@link #size}, {@link #primitives} and {@link #listing()} describe.
 *
 * <p>Immutable and thread-safe. Each run borrows a workspace of buffers from a pool, so repeated
 * runs allocate nothing but their outputs (whose buffers are handed over, not copied; with
 * {@link #runInto} not even those), and concurrent runs never share a buffer. Buffers are
 * assigned by liveness: a slot's buffer is reused once no later instruction reads it.
 */
public final class Program {

    private final Code template;
    private final Var[] inputs;
    private final int[] inputSlots;
    private final int[] outputs;
    private final Consumer<Code> pass;
    /**
     * The float64 specialisation, made on first use: a float32 training never needs it (in a
     * fresh JVM, 25 ms of a float32 MLP's first step went to it).
     */
    private final Lazy<TypedProgram> float64;
    private final ConcurrentHashMap<List<DType>, TypedProgram> typed = new ConcurrentHashMap<>();
    /** The specialisation of the latest run that was not all float64: a training loop's, found without hashing. */
    private volatile TypedProgram latest;

    static {
        // The compiler (Linearise, in an unexported package) makes programs; users get them from Compile.
        ProgramFactory.install(Program::new);
    }

    /** The compiler's constructor, handed to it through {@link ProgramFactory}. */
    private Program(Code template, Var[] inputs, int[] inputSlots, int[] outputs, Consumer<Code> pass) {
        this.template = template;
        this.inputs = inputs;
        this.inputSlots = inputSlots;
        this.outputs = outputs;
        this.pass = pass;
        DType[] wide = new DType[inputs.length];
        Arrays.fill(wide, DType.FLOAT64);
        this.float64 = Lazy.of(() -> specialise(wide));
    }

    /** The specialisation for float64 inputs. */
    private TypedProgram float64() {
        return float64.get();
    }

    /** The variables the program reads. */
    public List<Var> inputs() {
        return List.of(inputs);
    }

    /** Whether the float64 specialisation has been made (tests ask). */
    boolean madeFloat64() {
        return float64.isEvaluated();
    }

    /** The number of instructions (for float64 inputs). */
    public int size() {
        return float64().size();
    }

    /** The elements of its registers and constants for float64 inputs (tests bound a run's memory with it). */
    long heldElements() {
        return float64().heldElements();
    }

    /**
     * The primitive of each instruction, in the order they run, for float64 inputs: what a
     * compiled program actually executes after fusion (tests and coverage checks read it; the
     * listing is for people).
     */
    public List<Primitive> primitives() {
        return float64().primitives();
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
        Tensor[] in = bound(bindings);
        return typedFor(in).run(in, checkFinite);
    }

    /**
     * As {@link #run(Bindings)}, writing output i into {@code outputs[i]} (a buffer of that
     * output's shape and dtype, read back by copying: {@link Buffer#copyTo}, {@link Buffer#get},
     * {@link Buffer#toTensor}) instead of into a fresh tensor, so that a loop of runs allocates
     * nothing: what a hand-written loop does with the arrays it owns, and what PyTorch's
     * {@code out=} and JAX's donated buffers are for. Each output buffer is written completely.
     * The buffers must be distinct, none may hold the storage of a bound input (a kernel would
     * read what it writes; only Fluxion's own training binds buffers' views), and each must have the dtype its output has for these bindings (float32 for a float32 program's
     * computed outputs). A run that fails (an unbound variable, a NaN found by
     * {@code checkFinite}) may leave partial values in them.
     */
    public void runInto(Bindings bindings, Buffer... outputs) {
        runInto(bindings, false, outputs);
    }

    /** As {@link #runInto(Bindings, Buffer...)}, with {@code checkFinite} as in {@link #run(Bindings, boolean)}. */
    public void runInto(Bindings bindings, boolean checkFinite, Buffer... outputs) {
        // Each input looked up once, for both checks: a training step's run has a dozen outputs
        // and as many inputs, and the JIT compiles this loop late in a fresh JVM.
        Tensor[] in = lookUp(bindings);
        requireOutputBuffers(in, outputs);
        requireBound(in, bindings);
        typedFor(in).runInto(in, checkFinite, outputs);
    }

    /** Errors for output buffers that do not fit, naming the first; {@code in} holds the bound values, null where unbound. */
    private void requireOutputBuffers(Tensor[] in, Buffer[] buffers) {
        if (buffers.length != outputs.length) {
            throw new IllegalArgumentException("runInto: the program has " + outputs.length + " output(s), got "
                    + buffers.length + " buffer(s)");
        }
        for (int i = 0; i < buffers.length; i++) {
            Shape want = template.shapes[outputs[i]];
            if (!buffers[i].shape().equals(want)) {
                throw new ShapeException("runInto: output " + i + " has shape " + want + ", its buffer has shape "
                        + buffers[i].shape());
            }
            for (int j = 0; j < i; j++) {
                if (buffers[j] == buffers[i]) {
                    throw new IllegalArgumentException("runInto: outputs " + j + " and " + i + " were given the same buffer");
                }
            }
            for (int k = 0; k < inputs.length; k++) {
                if (in[k] != null && sameStorage(in[k], buffers[i])) {
                    throw new IllegalArgumentException("runInto: the buffer of output " + i + " holds the value bound to input '"
                            + inputs[k].name() + "'; a run cannot write over what it reads (use a second buffer)");
                }
            }
        }
    }

    private static boolean sameStorage(Tensor t, Buffer b) {
        if (t.dtype() != b.dtype()) {
            return false;
        }
        return t.dtype() == DType.FLOAT64 ? io.fluxion.tensor.internal.Storage.read(t) == io.fluxion.tensor.internal.Storage.write(b)
                : io.fluxion.tensor.internal.Storage.readFloats(t) == io.fluxion.tensor.internal.Storage.writeFloats(b);
    }

    /**
     * The dtype each output has for bindings of these dtypes (the values are not read), as
     * {@link #runInto}'s buffers must have it: {@code Buffer.of(shape, dtype)}.
     */
    public List<DType> outputDTypes(Bindings bindings) {
        Tensor[] in = bound(bindings);
        TypedProgram p = typedFor(in);
        DType[] d = new DType[outputs.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = p.outputDType(i, in);
        }
        return List.of(d);
    }

    /** The values bound to the inputs, in order, or an error naming every unbound one. */
    private Tensor[] bound(Bindings bindings) {
        Tensor[] in = lookUp(bindings);
        requireBound(in, bindings);
        return in;
    }

    /** The values bound to the inputs, in order, null where an input is unbound. */
    private Tensor[] lookUp(Bindings bindings) {
        Tensor[] in = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            in[i] = bindings.getOrNull(inputs[i]);
        }
        return in;
    }

    /** An error naming every unbound input, if there is one. */
    private void requireBound(Tensor[] in, Bindings bindings) {
        List<Var> missing = List.empty();
        for (int i = inputs.length - 1; i >= 0; i--) {
            if (in[i] == null) {
                missing = missing.prepend(inputs[i]);
            }
        }
        if (!missing.isEmpty()) {
            throw new UnboundVariableException(missing, bindings);
        }
    }

    /** The specialisation for the dtypes of these input values, made on first use. */
    TypedProgram typedFor(Tensor[] in) {
        boolean wide = true;
        for (Tensor t : in) {
            wide &= t.dtype() == DType.FLOAT64;
        }
        if (wide) {
            return float64();
        }
        TypedProgram last = latest;
        if (last != null && last.accepts(in)) {
            return last;
        }
        DType[] signature = new DType[in.length];
        for (int i = 0; i < in.length; i++) {
            signature[i] = in[i].dtype();
        }
        TypedProgram p = typed.computeIfAbsent(List.of(signature), s -> specialise(signature));
        latest = p;
        return p;
    }

    private TypedProgram specialise(DType[] signature) {
        Code code = template.copy();
        Typing.type(code, inputSlots, signature);
        pass.accept(code);
        return Linearise.assign(code, inputs, signature, inputSlots, outputs);
    }

    /** The listing for float64 inputs, one line per slot: {@code v3 = mul v1 v2}. */
    public String listing() {
        return float64().listing();
    }

    /**
     * The listing of the program as specialised for the dtypes of these bindings: where they are
     * float32, float32 instructions, with {@code convert} where values change dtype.
     */
    public String listing(Bindings bindings) {
        return typedFor(bound(bindings)).listing();
    }

    /** The first lines of the listing. */
    @Override
    public String toString() {
        String l = listing();
        return l.length() > 2000 ? l.substring(0, 2000) + "…" : l;
    }
}
