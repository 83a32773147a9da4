package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.BlockKernel;
import io.fluxion.expr.Expr;
import io.fluxion.expr.FloatBlockKernel;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.KernelCall;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * A primitive without parameters assembled from its rules, as the combinators ({@link Elementwise},
 * {@link Linear#of}, {@link Bilinear#of}) build them: one constant per operation, so equality by
 * identity is equality by name. A primitive with parameters is a record of its own instead (see
 * {@link Primitive}). Users may build their own primitives this way, or implement
 * {@link Primitive} directly.
 *
 * @param name the name
 * @param notation how it prints
 * @param shapeRule output shape from argument shapes (throws on a mismatch)
 * @param kernel the value, written into an output buffer
 * @param jvpRule forward-mode contribution of one argument's tangent
 * @param vjpRule reverse-mode cotangent of one argument
 * @param simplifier algebraic identities
 * @param fuser peephole fusions for compiled programs
 * @param differentiableArgs which arguments derivatives flow through
 * @param promotingArgs which arguments' dtypes decide the output's (see {@link Primitive#promotes})
 * @param blockKernel for an element-wise primitive, its kernel over a run of elements (for
 *     {@code compile}'s loop fusion)
 * @param floatBlockKernel the same in float32
 * @param float32 whether the kernel (and the float32 block kernel) compute in float32; when
 *     false, Fluxion computes float32 values in float64 and rounds them (see {@link Primitive#supports})
 * @param batchRule vmap's rule (see {@link Primitive#batch}); when none, one is derived for a primitive
 *     declared element-wise (with a block kernel), as JAX derives it, and vmap fails naming any other
 */
public record Op(
        String name,
        Notation notation,
        Function<List<Shape>, Shape> shapeRule,
        Kernel kernel,
        Rule jvpRule,
        Rule vjpRule,
        Rewrite simplifier,
        Rewrite fuser,
        IntPredicate differentiableArgs,
        IntPredicate promotingArgs,
        Option<BlockKernel> blockKernel,
        Option<FloatBlockKernel> floatBlockKernel,
        boolean float32,
        Option<BatchRule> batchRule) implements Primitive {

    /**
     * Computes a value into an output buffer whose shape the shape rule gave. Fluxion's own kernels
     * reach the storage of {@code in} and {@code out} through an internal accessor; a kernel of
     * yours is written against a {@link KernelCall} and made with {@link #of}.
     */
    @FunctionalInterface
    public interface Kernel {
        /**
         * Writes the value of the arguments {@code in} into {@code out}; the arguments are valid
         * during the call only (they may be views of a program's buffers), so keep none of them.
         */
        void compute(Tensor[] in, Buffer out);

        /**
         * A kernel that runs {@code body} on a {@link KernelCall} over its arguments and output,
         * closed when {@code body} returns: the way to write an {@code Op}'s kernel on storage.
         * The call names the primitive {@code name} in its errors.
         */
        static Kernel of(String name, Consumer<KernelCall> body) {
            return (in, out) -> Storage.call(name, in, out, body);
        }
    }

    /** A derivative rule: given a node, an argument index and a seed (tangent or cotangent), an expression. */
    @FunctionalInterface
    public interface Rule {
        /** The rule's expression. */
        Expr apply(Apply node, int arg, Expr seed);
    }

    /** vmap's rule: the node's value for every example of a batch, stacked (see {@link Primitive#batch}). */
    @FunctionalInterface
    public interface BatchRule {
        /** The batched value, of shape {@code (batch.size()) + node.shape()}. */
        Expr apply(Apply node, Batch batch);

        /**
         * The rule of an element-wise primitive with NumPy broadcasting (see {@link Batch#broadcasting}),
         * for one that declares no block kernel (such as stop-gradient, which compiled loops must not fuse away).
         */
        BatchRule ELEMENTWISE = Batch::broadcasting;
    }

    /** A local rewrite of a node. */
    @FunctionalInterface
    public interface Rewrite {
        /** The rewritten expression, if the rewrite applies. */
        Option<Expr> apply(Apply node);

        /** The rewrite that never applies. */
        Rewrite NONE = node -> Option.none();
    }

    /** A differentiable primitive with no rewrites. */
    public static Op of(String name, Notation notation, Function<List<Shape>, Shape> shapeRule, Kernel kernel,
            Rule jvp, Rule vjp) {
        return new Op(name, notation, shapeRule, kernel, jvp, vjp, Rewrite.NONE, Rewrite.NONE, i -> true,
                i -> true, Option.none(), Option.none(), false, Option.none());
    }

    /** A primitive with no derivative (comparisons, indices): derivatives through it are zero. */
    public static Op constant(String name, Notation notation, Function<List<Shape>, Shape> shapeRule, Kernel kernel) {
        Rule none = (node, arg, seed) -> {
            throw new IllegalStateException(name + " is not differentiable; no rule should be asked of it");
        };
        return new Op(name, notation, shapeRule, kernel, none, none, Rewrite.NONE, Rewrite.NONE, i -> false,
                i -> true, Option.none(), Option.none(), false, Option.none());
    }

    /** This primitive with algebraic identities. */
    public Op withSimplifier(Rewrite rewrite) {
        return new Op(name, notation, shapeRule, kernel, jvpRule, vjpRule, rewrite, fuser, differentiableArgs,
                promotingArgs, blockKernel, floatBlockKernel, float32, batchRule);
    }

    /**
     * This primitive computing its value with another kernel, such as a loop of its own in place
     * of a generic one that calls a scalar function per element. The kernel is taken to handle
     * float64 only, until {@link #withFloat32} says otherwise.
     */
    public Op withKernel(Kernel k) {
        return new Op(name, notation, shapeRule, k, jvpRule, vjpRule, simplifier, fuser, differentiableArgs,
                promotingArgs, blockKernel, floatBlockKernel, false, batchRule);
    }

    /** This primitive with derivatives flowing only through the arguments {@code which} accepts. */
    public Op differentiableOnly(IntPredicate which) {
        return new Op(name, notation, shapeRule, kernel, jvpRule, vjpRule, simplifier, fuser, which, promotingArgs,
                blockKernel, floatBlockKernel, float32, batchRule);
    }

    /** This primitive with the output's dtype decided only by the arguments {@code which} accepts. */
    public Op promotingOnly(IntPredicate which) {
        return new Op(name, notation, shapeRule, kernel, jvpRule, vjpRule, simplifier, fuser, differentiableArgs, which,
                blockKernel, floatBlockKernel, float32, batchRule);
    }

    /**
     * This primitive declared element-wise, with its kernel over a run of elements (which must
     * compute each element as {@link #kernel} does), so that {@code compile} can fuse it into
     * loops; a float32 program fuses it only once {@link #withBlockKernel(BlockKernel, FloatBlockKernel)}
     * gives the float32 form too.
     */
    public Op withBlockKernel(BlockKernel k) {
        return new Op(name, notation, shapeRule, kernel, jvpRule, vjpRule, simplifier, fuser, differentiableArgs,
                promotingArgs, Option.of(k), Option.none(), float32, batchRule);
    }

    /** This primitive declared element-wise, with its block kernels in float64 and in float32. */
    public Op withBlockKernel(BlockKernel k, FloatBlockKernel f) {
        return new Op(name, notation, shapeRule, kernel, jvpRule, vjpRule, simplifier, fuser, differentiableArgs,
                promotingArgs, Option.of(k), Option.of(f), float32, batchRule);
    }

    /**
     * This primitive declaring that its kernel computes in float32 too (it reads and writes float32
     * storage with {@link KernelCall#readFloats}/{@link KernelCall#writeFloats}, as Fluxion's shared
     * loops do for a float32 output).
     */
    public Op withFloat32() {
        return new Op(name, notation, shapeRule, kernel, jvpRule, vjpRule, simplifier, fuser, differentiableArgs,
                promotingArgs, blockKernel, floatBlockKernel, true, batchRule);
    }

    /** This primitive with vmap's rule (see {@link Primitive#batch}). */
    public Op withBatchRule(BatchRule rule) {
        return new Op(name, notation, shapeRule, kernel, jvpRule, vjpRule, simplifier, fuser, differentiableArgs,
                promotingArgs, blockKernel, floatBlockKernel, float32, Option.of(rule));
    }

    @Override
    public Option<Expr> batch(Apply node, Batch batch) {
        return batchRule.isDefined() ? Option.of(batchRule.get().apply(node, batch)) : Primitive.super.batch(node, batch);
    }

    @Override
    public Shape shape(List<Shape> args) {
        return shapeRule.apply(args);
    }

    @Override
    public void applyInto(Tensor[] args, Buffer out) {
        kernel.compute(args, out);
    }

    /** Runs {@link #kernel} on the call's arguments and output. */
    @Override
    public void compute(KernelCall call) {
        kernel.compute(Storage.arguments(call), Storage.output(call));
    }

    @Override
    public boolean differentiable(int arg) {
        return differentiableArgs.test(arg);
    }

    @Override
    public boolean promotes(int arg) {
        return promotingArgs.test(arg);
    }

    @Override
    public boolean supports(DType dtype) {
        return dtype == DType.FLOAT64 || (float32 && dtype == DType.FLOAT32);
    }

    @Override
    public Expr jvp(Apply node, int arg, Expr tangent) {
        return jvpRule.apply(node, arg, tangent);
    }

    @Override
    public Expr vjp(Apply node, int arg, Expr cotangent) {
        return vjpRule.apply(node, arg, cotangent);
    }

    @Override
    public Option<Expr> simplify(Apply node) {
        return simplifier.apply(node);
    }

    @Override
    public Option<Expr> fuse(Apply node) {
        return fuser.apply(node);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * A built-in primitive travels by name and arrives as the same constant (rewrites compare
     * primitives by identity); one made elsewhere with {@link #of} cannot travel: its rules are
     * closures, so it says which primitive it is instead of failing deep inside a serializer.
     */
    @java.io.Serial
    private Object writeReplace() throws java.io.ObjectStreamException {
        if (Builtins.named(name).filter(op -> op == this).isEmpty()) {
            throw new java.io.NotSerializableException("primitive '" + name + "' was made with Op.of and cannot be "
                    + "serialized; declare it as a Serializable record implementing Primitive instead");
        }
        return new Builtins.Ref(name);
    }
}
