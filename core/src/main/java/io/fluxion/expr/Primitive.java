package io.fluxion.expr;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.KernelCall;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * An operation, declaring every rule about itself in one place: its name and notation, the shape
 * of its output, its value (a kernel writing into an output buffer), and its derivatives in both
 * modes, written as {@link Expr}s so that they can be differentiated again.
 *
 * <p>A primitive with parameters (an axis, a shape, a slice) is a <em>value</em>: a record whose
 * equality and hash code are by name and parameters, never a closure made per call, so that
 * rewrites, fusions and the merging of common sub-expressions can match it. Interpreters only ask
 * a primitive for its rules; none of them names a concrete primitive. The interface is open: a
 * user can define a primitive with its own rules (the analogue of JAX's
 * {@code custom_jvp}/{@code custom_vjp}) and check them with the {@code laws} module; its kernel
 * ({@link #compute}) reads and writes storage through the {@link KernelCall} it is given.
 *
 * <p>Primitives are {@link java.io.Serializable}, so that expressions can be shipped to other
 * machines (Spark executors) and compiled there: a record of serializable parameters is so as it
 * stands; the built-in parameterless primitives travel by name.
 *
 * <p><b>Dtypes.</b> A node's value has the dtype its arguments promote to (see {@link DType}):
 * the widest dtype among the arguments that {@link #promotes} and are not weak, float64 if all
 * are weak; the other arguments are converted to it before the kernel runs, so a kernel sees
 * arguments of its output's dtype only. A kernel written for {@code double[]} storage is all a
 * primitive needs: unless it declares {@link #supports} float32, Fluxion runs it in float64 on
 * float32 values, converting its arguments up and its result back down, so a float32 program
 * still gets a float32 value from it (at the cost of the conversions).
 */
public interface Primitive extends java.io.Serializable {

    /** The name, as it appears in programs and error messages. */
    String name();

    /** How an application prints. */
    Notation notation();

    /**
     * The output shape for these argument shapes, or a {@link io.fluxion.tensor.ShapeException}
     * naming this operation and the shapes.
     */
    Shape shape(List<Shape> args);

    /**
     * The kernel: fills {@code call.write()} (or {@code writeFloats()}) with the value of the
     * arguments {@code call.read(i)}, whose shapes {@link #shape} accepted; the output's shape is
     * what that rule gave. It must fill the output completely (a program's buffer holds the
     * previous run's values), never write an argument, and keep no reference to the call or its
     * arrays after it returns (see {@link KernelCall}). Fluxion's built-in primitives implement
     * {@link #applyInto} instead, on its internal storage accessor; this is the kernel of yours.
     */
    void compute(KernelCall call);

    /**
     * Runs the kernel on these arguments into {@code out}: by default {@link #compute} on a call
     * over them, closed when it returns. The arguments are valid during the call only (they may
     * be views of a program's buffers), so an implementation keeps none of them.
     */
    default void applyInto(Tensor[] args, Buffer out) {
        Storage.call(name(), args, out, this::compute);
    }

    /**
     * The value, in a fresh tensor, as a node applying this primitive to constants with these
     * values would have it (float64 ones weak; see {@link Promotion}).
     */
    default Tensor apply(List<Tensor> args) {
        Tensor[] in = new Tensor[args.size()];
        int i = 0;
        for (List<Tensor> rest = args; !rest.isEmpty(); rest = rest.tail()) {
            in[i++] = rest.head();
        }
        List<Shape> shapes = List.empty();
        while (i > 0) {
            shapes = shapes.prepend(in[--i].shape());
        }
        return Promotion.valueOfConstants(this, shape(shapes), in);
    }

    /**
     * Whether this kernel (and {@link #floatBlockKernel}, if any) computes in {@code dtype}: reads
     * float32 arguments with {@link KernelCall#readFloats} and fills a float32 output with
     * {@link KernelCall#writeFloats}. Every kernel computes in float64; by
     * default no other dtype, and a float32 value is then computed in float64 and rounded.
     */
    default boolean supports(DType dtype) {
        return dtype == DType.FLOAT64;
    }

    /**
     * Whether argument {@code arg}'s dtype takes part in deciding the output's dtype. True by
     * default; false for indices and conditions (the indices of a gather, the condition of a
     * where), which are converted to the dtype the other arguments decide.
     */
    default boolean promotes(int arg) {
        return true;
    }

    /** Whether derivatives flow through argument {@code arg} (false for indices, masks, stop-gradient). */
    default boolean differentiable(int arg) {
        return true;
    }

    /**
     * Forward mode: the contribution of argument {@code arg}'s tangent to the tangent of
     * {@code node}. The interpreter sums contributions and broadcasts the sum to the node's shape.
     */
    Expr jvp(Apply node, int arg, Expr tangent);

    /**
     * Reverse mode: the cotangent of argument {@code arg} (of that argument's shape), given the
     * cotangent of {@code node}.
     */
    Expr vjp(Apply node, int arg, Expr cotangent);

    /**
     * vmap's batching rule: {@code node}'s value for every example of a batch, stacked along a new
     * leading axis (shape {@code (batch.size()) + node.shape()}), from its arguments as
     * {@code batch} gives them, each mapped (a leading batch axis) or shared (see {@link Batch}).
     * Written with expressions, as the derivative rules are, so that a batched expression is
     * differentiated, compiled and batched again like any other.
     *
     * <p>By default a primitive declared element-wise (one with a {@link #blockKernel}) derives its
     * rule, as JAX derives the rules of broadcasting primitives ({@link Batch#broadcasting}); any
     * other has none, and vmap then fails naming it. A rule usually applies the same primitive with
     * its axis parameters moved one place along, past the batch axis.
     */
    default Option<Expr> batch(Apply node, Batch batch) {
        return blockKernel().isDefined() ? Option.of(Batch.broadcasting(node, batch)) : Option.none();
    }

    /**
     * Forward mode for all arguments at once: the tangent of {@code node} from the tangents of its
     * arguments ({@code none} for an argument without one, or one derivatives do not flow
     * through), or {@code none} if no tangent reaches it; the interpreter broadcasts it to the
     * node's shape. By default the sum of {@link #jvp} over the arguments with a tangent. A
     * primitive whose contributions share one computation (a scan runs one tangent loop for all
     * its arguments) answers for all of them here.
     */
    default Option<Expr> jvps(Apply node, List<Option<Expr>> tangents) {
        Expr sum = null;
        int j = 0;
        for (List<Option<Expr>> rest = tangents; !rest.isEmpty(); rest = rest.tail(), j++) {
            if (rest.head().isDefined() && differentiable(j)) {
                Expr c = jvp(node, j, rest.head().get());
                sum = sum == null ? c : sum.plus(c);
            }
        }
        return Option.of(sum);
    }

    /**
     * Reverse mode for several arguments at once: the cotangents of arguments {@code args} (in
     * that order, each of its argument's shape), given the cotangent of {@code node}. By default
     * {@link #vjp} for each. A primitive whose cotangents come out of one computation (a scan's
     * backward loop gives them all) answers them together, so that the computation appears once.
     */
    default List<Expr> vjps(Apply node, int[] args, Expr cotangent) {
        Expr[] out = new Expr[args.length];
        for (int k = 0; k < args.length; k++) {
            out[k] = vjp(node, args[k], cotangent);
        }
        return List.of(out);
    }

    /**
     * Checks, before the kernel runs, that arguments of these dtypes may meet here, throwing an
     * {@link IllegalArgumentException} that names them if not: {@code dtypes[j]} is argument j's
     * dtype before promotion, {@code weak[j]} whether it is weak, and {@code result} the dtype the
     * node computes in. Any may meet by default, promoting; a scan refuses a carry that promotion
     * would widen (as {@code jax.lax.scan} does).
     */
    default void checkDTypes(DType[] dtypes, boolean[] weak, DType result) {
    }

    /** An algebraic identity that rewrites {@code node} (whose arguments are already simplified), if one applies. */
    default Option<Expr> simplify(Apply node) {
        return Option.none();
    }

    /** A cheaper equivalent for compiled programs (a peephole fusion), if one applies. */
    default Option<Expr> fuse(Apply node) {
        return Option.none();
    }

    /**
     * For {@code compile}, after simplification and fusion: a cheaper equivalent of {@code node}
     * that reads what other nodes of the same program compute, if {@code program} says they are
     * there (the cross-entropy of logits reading the softmax that its gradient computes, instead
     * of exponentiating the logits a second time). The rewrite is made once, on the whole
     * program: rules of different nodes see the same program, so two nodes that each find the
     * other can both be rewritten to read one new shared node (built by each, merged by
     * {@code compile} since they are equal). Never applied outside {@code compile}, so evaluation,
     * the tape and programs that compute the node alone keep the primitive itself.
     */
    default Option<Expr> share(Apply node, Sharing program) {
        return Option.none();
    }

    /**
     * For {@code compile}'s loop fusion: the kernel over a run of elements, if this primitive is
     * element-wise (each output element depends only on the argument elements at the same
     * position). Fusion uses it only where every argument has the node's size or one element.
     */
    default Option<BlockKernel> blockKernel() {
        return Option.none();
    }

    /**
     * For {@code compile}'s loop fusion in float32 programs: the float32 form of
     * {@link #blockKernel}, which must compute each element as this primitive's float32 kernel does.
     */
    default Option<FloatBlockKernel> floatBlockKernel() {
        return Option.none();
    }

    /**
     * For {@code compile}'s loop fusion: if this node only moves the elements of its one argument
     * so that element i of its output, in row-major order, is element {@code i - k} of the
     * argument, and zero where {@code i - k} falls outside it (a slice or pad along the leading
     * axis, a reshape), that k.
     */
    default Option<Integer> flatShift(Apply node) {
        return Option.none();
    }
}
