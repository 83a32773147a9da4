package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.KernelCall;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.function.BiFunction;

/**
 * A loop as one node, as {@code jax.lax.scan}: a body, an expression built once over a carry and
 * one element of a sequence, applied along the sequence's leading axis, giving the final carry
 * and the body's outputs stacked. It is evaluated, taped, differentiated in both modes and
 * compiled as one node, never unrolled: a 100,000-step loop is one instruction.
 *
 * <pre>{@code
 * Tuple2<Expr, Expr> r = Scan.scan((h, x) -> { Expr next = h.matmul(w).plus(x).tanh(); return Tuple.of(next, next); },
 *         h0, sequence);   // r._1: the last state, r._2: every state, shape (steps, hidden)
 * }</pre>
 *
 * <p>The primitive itself is general: several carries, several sequences, the values its body
 * reads from outside the loop as arguments of their own (found when the scan is built, as a
 * closure's captured variables are), several stacked outputs, either direction. Its value is one
 * vector holding, for each carry, the carry that entered each step and the final one, then each
 * stacked output: reverse mode reads the carries from there (memory proportional to the steps
 * times the carry, not to the steps times the body), running its own scan backwards over them,
 * and that scan can be differentiated again. {@link #scan} gives the views a user wants.
 *
 * <p>The carry keeps its dtype, as in JAX: a float32 carry in a loop whose sequence or captured
 * values are float64 is an error, not a silent promotion. A weak (float64 constant) carry takes
 * the loop's dtype.
 */
public final class Scan implements Primitive {
    private static final long serialVersionUID = 1L;

    /** The carry variables of the body. */
    private final List<Var> carries;
    /** The variables bound, at each step, to one element of each sequence. */
    private final List<Var> xs;
    /** The variables bound to the loop-invariant arguments. */
    private final List<Var> consts;
    /** The next carry, one per carry variable, of its shape. */
    private final List<Expr> carryOuts;
    /** The per-step outputs, stacked along a new leading axis. */
    private final List<Expr> yOuts;
    /** The number of steps. */
    private final int length;
    /** Whether the steps run from the last element to the first (ys stay in sequence order). */
    private final boolean reverse;
    /** For each carry, whether the value keeps it at every step (else only the final one). */
    private final List<Boolean> saved;
    /** The body compiled, on first run. */
    private transient volatile Body body;

    /** The compiled body and, for each of its program's inputs, which body variable it is. */
    private record Body(Program program, int[] roles) {}

    Scan(List<Var> carries, List<Var> xs, List<Var> consts, List<Expr> carryOuts, List<Expr> yOuts, int length,
            boolean reverse, List<Boolean> saved) {
        if (carries.size() != carryOuts.size() || carries.size() != saved.size()) {
            throw new IllegalArgumentException("scan: " + carries.size() + " carries, " + carryOuts.size()
                    + " next carries and " + saved.size() + " saved flags");
        }
        if (length < 1) {
            throw new ShapeException("scan: needs at least one step, got a sequence of length " + length);
        }
        for (int i = 0; i < carries.size(); i++) {
            Shape in = carries.get(i).shape();
            Shape out = carryOuts.get(i).shape();
            if (!in.equals(out)) {
                throw new ShapeException("scan: the body turns carry " + i + " ('" + carries.get(i).name() + "') of shape "
                        + in + " into shape " + out + "; a carry keeps its shape from step to step");
            }
        }
        this.carries = carries;
        this.xs = xs;
        this.consts = consts;
        this.carryOuts = carryOuts;
        this.yOuts = yOuts;
        this.length = length;
        this.reverse = reverse;
        this.saved = saved;
        requireClosed();
    }

    /**
     * {@code jax.lax.scan(body, init, xs)}: the body is called once, on a fresh carry variable of
     * init's shape and a fresh variable shaped like one element of xs (xs without its leading
     * axis), and returns the next carry (of the carry's shape) and the step's output. The result
     * is the final carry and the outputs stacked along a new leading axis of length
     * {@code xs.shape().dim(0)}. Values the body reads from outside (parameters, expressions of
     * them) become arguments of the loop, so derivatives reach them.
     */
    public static Tuple2<Expr, Expr> scan(BiFunction<Expr, Expr, Tuple2<Expr, Expr>> body, Expr init, Expr xs) {
        return scan(body, init, xs, false);
    }

    /** As {@link #scan(BiFunction, Expr, Expr)}, from the last element to the first when {@code reverse} (ys stay in order). */
    public static Tuple2<Expr, Expr> scan(BiFunction<Expr, Expr, Tuple2<Expr, Expr>> body, Expr init, Expr xs,
            boolean reverse) {
        if (xs.shape().rank() == 0) {
            throw new ShapeException("scan: xs must have a leading axis to scan along; got a scalar");
        }
        Var c = Var.of("carry", init.shape());
        Var x = Var.of("x", xs.shape().without(0));
        Tuple2<Expr, Expr> r = body.apply(c, x);
        if (r == null || r._1 == null || r._2 == null) {
            throw new IllegalArgumentException("scan: the body must return (next carry, output), got " + r);
        }
        if (!r._1.shape().equals(init.shape())) {
            throw new ShapeException("scan: the body turns a carry of shape " + init.shape() + " into one of shape "
                    + r._1.shape() + "; a carry keeps its shape from step to step");
        }
        Apply node = ScanClosure.build(List.of(c), List.of(init), List.of(x), List.of(xs), List.of(r._1),
                List.of(r._2), xs.shape().dim(0), reverse);
        Scan s = (Scan) node.op();
        return Tuple.of(s.finalCarry(node, 0), s.ys(node, 0));
    }

    // the rules

    @Override
    public String name() {
        return "scan";
    }

    @Override
    public Notation notation() {
        return new Notation.Call("scan", "length=" + length + (reverse ? ", reverse" : ""));
    }

    @Override
    public Shape shape(List<Shape> args) {
        int a = carries.size();
        int b = xs.size();
        if (args.size() != a + b + consts.size()) {
            throw new ShapeException("scan: takes " + (a + b + consts.size()) + " arguments (" + a + " carries, " + b
                    + " sequences, " + consts.size() + " captured values), got " + args.size());
        }
        for (int i = 0; i < a; i++) {
            if (!args.get(i).equals(carries.get(i).shape())) {
                throw new ShapeException("scan: the initial carry " + i + " has shape " + args.get(i) + "; the body's"
                        + " carry has shape " + carries.get(i).shape());
            }
        }
        for (int j = 0; j < b; j++) {
            Shape want = Shape.vector(length).concat(xs.get(j).shape());
            if (!args.get(a + j).equals(want)) {
                throw new ShapeException("scan: sequence " + j + " has shape " + args.get(a + j) + "; the loop needs "
                        + want + " (length " + length + ", elements of shape " + xs.get(j).shape() + ")");
            }
        }
        for (int q = 0; q < consts.size(); q++) {
            if (!args.get(a + b + q).equals(consts.get(q).shape())) {
                throw new ShapeException("scan: captured value " + q + " ('" + consts.get(q).name() + "') has shape "
                        + args.get(a + b + q) + ", expected " + consts.get(q).shape());
            }
        }
        return Shape.vector(total());
    }

    /** The body computes in float32 when its arguments are float32: its program is specialised per dtype. */
    @Override
    public boolean supports(DType dtype) {
        return true;
    }

    @Override
    public void checkDTypes(DType[] dtypes, boolean[] weak, DType result) {
        for (int i = 0; i < carries.size(); i++) {
            if (!weak[i] && dtypes[i] != result) {
                throw new IllegalArgumentException("scan: the carry '" + carries.get(i).name() + "' is " + dtypes[i]
                        + " but the loop computes in " + result + " (a sequence or a value the body reads is " + result
                        + "); a carry keeps its dtype, as in jax.lax.scan: give them one dtype");
            }
        }
    }

    @Override
    public Expr jvp(Apply node, int arg, Expr tangent) {
        List<Option<Expr>> ts = List.fill(node.args().size(), Option::<Expr>none).update(arg, Option.of(tangent));
        return jvps(node, ts).get();
    }

    @Override
    public Expr vjp(Apply node, int arg, Expr cotangent) {
        return vjps(node, new int[] {arg}, cotangent).head();
    }

    /** One tangent loop for all the arguments' tangents. */
    @Override
    public Option<Expr> jvps(Apply node, List<Option<Expr>> tangents) {
        return ScanRules.jvp(this, node, tangents);
    }

    /** One backward loop for all the arguments asked for. */
    @Override
    public List<Expr> vjps(Apply node, int[] args, Expr cotangent) {
        return ScanRules.vjp(this, node, args, cotangent);
    }

    /** vmap's rule: one loop over the batch, its body batched (see {@link ScanBatching}). */
    @Override
    public Option<Expr> batch(Apply node, Batch batch) {
        return Option.of(ScanBatching.batch(this, node, batch));
    }

    // the kernel

    /** Runs {@link #applyInto} on the call's arguments and output: a built-in kernel on internal storage. */
    @Override
    public void compute(KernelCall call) {
        applyInto(Storage.arguments(call), Storage.output(call));
    }

    @Override
    public void applyInto(Tensor[] args, Buffer out) {
        Body b = body();
        DType d = out.dtype();
        int a = carries.size();
        int nx = xs.size();
        Tensor[] carry = new Tensor[a];
        Buffer[][] next = new Buffer[a][2];
        for (int i = 0; i < a; i++) {
            carry[i] = args[i];
            next[i][0] = Buffer.of(carries.get(i).shape(), d);
            next[i][1] = Buffer.of(carries.get(i).shape(), d);
        }
        Buffer[] rows = new Buffer[nx];
        Tensor[] elements = new Tensor[nx];
        for (int j = 0; j < nx; j++) {
            rows[j] = Buffer.of(Shape.vector(1).concat(xs.get(j).shape()), d);
            elements[j] = Storage.view(rows[j]).reshape(xs.get(j).shape());
        }
        Tensor[] in = new Tensor[b.roles.length];
        for (int k = 0; k < length; k++) {
            int pos = reverse ? length - 1 - k : k;
            for (int i = 0; i < a; i++) {
                if (saved.get(i)) {
                    write(carry[i], out, carryOffset(i) + pos * carry[i].shape().size());
                }
            }
            for (int j = 0; j < nx; j++) {
                rows[j].setRows(args[a + j], pos);
            }
            for (int r = 0; r < in.length; r++) {
                int role = b.roles[r];
                in[r] = role < a ? carry[role] : role < a + nx ? elements[role - a] : args[role];
            }
            List<Tensor> results = b.program.typedFor(in).run(in, false);
            for (int i = 0; i < a; i++, results = results.tail()) {
                Buffer n = next[i][k & 1];
                n.set(in(d, results.head()));
                carry[i] = Storage.view(n);
            }
            for (int j = 0; j < yOuts.size(); j++, results = results.tail()) {
                write(in(d, results.head()), out, yOffset(j) + pos * yOuts.get(j).shape().size());
            }
        }
        for (int i = 0; i < a; i++) {
            write(carry[i], out, carryOffset(i) + (rows(i) - 1) * carry[i].shape().size());
        }
    }

    private static Tensor in(DType d, Tensor t) {
        return t.dtype() == d ? t : t.to(d);
    }

    /** Copies t into out's storage from {@code offset}. */
    private static void write(Tensor t, Buffer out, int offset) {
        if (out.dtype() == DType.FLOAT64) {
            double[] src = Storage.read(t);
            System.arraycopy(src, 0, Storage.write(out), offset, src.length);
        } else {
            float[] src = Storage.readFloats(t);
            System.arraycopy(src, 0, Storage.writeFloats(out), offset, src.length);
        }
    }

    private Body body() {
        Body b = body;
        if (b == null) {
            synchronized (this) {
                b = body;
                if (b == null) {
                    Program p = Compile.compile(carryOuts.appendAll(yOuts));
                    List<Var> inputs = p.inputs();
                    int[] roles = new int[inputs.size()];
                    for (int r = 0; r < roles.length; r++) {
                        roles[r] = roleOf(inputs.get(r));
                    }
                    b = new Body(p, roles);
                    body = b;
                }
            }
        }
        return b;
    }

    /** The argument position a body variable is bound to: carries, then sequences, then captured values. */
    private int roleOf(Var v) {
        int i = carries.indexOf(v);
        if (i >= 0) {
            return i;
        }
        int j = xs.indexOf(v);
        if (j >= 0) {
            return carries.size() + j;
        }
        int q = consts.indexOf(v);
        if (q >= 0) {
            return carries.size() + xs.size() + q;
        }
        throw new IllegalStateException("scan: the body reads '" + v.name() + "', which is neither a carry, a sequence"
                + " element nor a captured value");
    }

    /** Every variable of the body is one of its own: the loop is closed. */
    private void requireClosed() {
        for (Expr e : Graph.topologicalOrder(carryOuts.appendAll(yOuts))) {
            if (e instanceof Var v) {
                roleOf(v);
            }
        }
    }

    // the layout of the value

    int carryCount() {
        return carries.size();
    }

    int length() {
        return length;
    }

    boolean reverse() {
        return reverse;
    }

    List<Var> carries() {
        return carries;
    }

    List<Var> xs() {
        return xs;
    }

    List<Var> consts() {
        return consts;
    }

    List<Expr> carryOuts() {
        return carryOuts;
    }

    List<Expr> yOuts() {
        return yOuts;
    }

    List<Boolean> saved() {
        return saved;
    }

    /** This loop keeping every carry at every step (the same body, so the same values). */
    Scan savingAll() {
        return saved.forAll(s -> s) ? this
                : new Scan(carries, xs, consts, carryOuts, yOuts, length, reverse, saved.map(s -> true));
    }

    /** How many values of carry i the value holds: one per step and the final one, or the final one. */
    private int rows(int i) {
        return saved.get(i) ? length + 1 : 1;
    }

    private int carryOffset(int i) {
        int o = 0;
        for (int k = 0; k < i; k++) {
            o += rows(k) * carries.get(k).shape().size();
        }
        return o;
    }

    private int yOffset(int j) {
        int o = carryOffset(carries.size());
        for (int k = 0; k < j; k++) {
            o += length * yOuts.get(k).shape().size();
        }
        return o;
    }

    private int total() {
        return yOffset(yOuts.size());
    }

    /** From a value of this loop (or a tangent or cotangent of one): the final carry i. */
    Expr finalCarry(Expr packed, int i) {
        int n = carries.get(i).shape().size();
        int from = carryOffset(i) + (rows(i) - 1) * n;
        return packed.slice(0, from, from + n).reshape(carries.get(i).shape());
    }

    /** From a value of this loop: the carry that entered the step at each position, shape (length, carry). */
    Expr carriesIn(Expr packed, int i) {
        if (!saved.get(i)) {
            throw new IllegalStateException("scan: carry " + i + " is not kept at every step");
        }
        int n = carries.get(i).shape().size();
        int from = carryOffset(i);
        return packed.slice(0, from, from + length * n).reshape(Shape.vector(length).concat(carries.get(i).shape()));
    }

    /** From a value of this loop: the stacked output j, shape (length, output). */
    Expr ys(Expr packed, int j) {
        int n = yOuts.get(j).shape().size();
        int from = yOffset(j);
        return packed.slice(0, from, from + length * n).reshape(Shape.vector(length).concat(yOuts.get(j).shape()));
    }

    // a value: equal loops are the same body over the same variables

    @Override
    public boolean equals(Object o) {
        return o instanceof Scan s && length == s.length && reverse == s.reverse && saved.equals(s.saved)
                && carries.equals(s.carries) && xs.equals(s.xs) && consts.equals(s.consts)
                && carryOuts.equals(s.carryOuts) && yOuts.equals(s.yOuts);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(carries, xs, consts, carryOuts, yOuts, length, reverse, saved);
    }

    @Override
    public String toString() {
        return "scan[length=" + length + (reverse ? ", reverse" : "") + "]";
    }
}
