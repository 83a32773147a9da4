package io.fluxion.expr;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
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
 * reads and writes storage through {@link io.fluxion.tensor.Storage}.
 *
 * <p>Primitives are {@link java.io.Serializable}, so that expressions can be shipped to other
 * machines (Spark executors) and compiled there: a record of serializable parameters is so as it
 * stands; the built-in parameterless primitives travel by name.
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
     * The kernel: writes the value of arguments of the shapes {@link #shape} accepted into
     * {@code out}, whose shape that rule gave. It must fill {@code out} completely (a program's
     * buffer holds the previous run's values) and keep no reference to the arguments' or the
     * output's storage after it returns (see {@link io.fluxion.tensor.Storage}).
     */
    void applyInto(Tensor[] args, Buffer out);

    /** The value, in a fresh tensor. */
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
        Buffer out = Buffer.of(shape(shapes));
        applyInto(in, out);
        return out.view();
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

    /** An algebraic identity that rewrites {@code node} (whose arguments are already simplified), if one applies. */
    default Option<Expr> simplify(Apply node) {
        return Option.none();
    }

    /** A cheaper equivalent for compiled programs (a peephole fusion), if one applies. */
    default Option<Expr> fuse(Apply node) {
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
     * For {@code compile}'s loop fusion: if this node only moves the elements of its one argument
     * so that element i of its output, in row-major order, is element {@code i - k} of the
     * argument, and zero where {@code i - k} falls outside it (a slice or pad along the leading
     * axis, a reshape), that k.
     */
    default Option<Integer> flatShift(Apply node) {
        return Option.none();
    }
}
