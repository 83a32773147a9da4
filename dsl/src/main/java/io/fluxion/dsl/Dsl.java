package io.fluxion.dsl;

import io.fluxion.autodiff.Derivatives;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Forward;
import io.fluxion.interp.Program;
import io.fluxion.interp.Reverse;
import io.fluxion.interp.Scan;
import io.fluxion.interp.Show;
import io.fluxion.interp.Simplify;
import io.fluxion.interp.Substitute;
import io.fluxion.interp.Tape;
import io.fluxion.interp.Vmap;
import io.fluxion.op.Randomness;
import io.fluxion.op.Structure;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The user's vocabulary, for one static import: variables and constants, evaluation, derivatives
 * of any order in both modes, JAX-style transforms on functions, simplification, printing and
 * compilation.
 *
 * <pre>{@code
 * Var x = variable("x");
 * Expr y = x.pow(2).minus(x.times(2)).plus(1);
 * show(simplify(grad(y, x)))          // "2 * x - 2"
 * evaluate(grad(grad(y, x), x), Bindings.of(x, 0.0))   // 2
 * }</pre>
 */
public final class Dsl {
    private Dsl() {}

    /** A scalar variable. */
    public static Var variable(String name) {
        return Var.of(name, Shape.scalar());
    }

    /** A variable of the given NumPy dimensions, any number of them: {@code variable("img", 100, 28, 28)}. */
    public static Var variable(String name, int... dims) {
        return Var.of(name, Shape.of(dims));
    }

    /** A scalar constant. */
    public static Expr constant(double value) {
        return Const.of(value);
    }

    /** A tensor constant. */
    public static Expr constant(Tensor value) {
        return new Const(value);
    }

    /** The value of e under the bindings. */
    public static Tensor evaluate(Expr e, Bindings bindings) {
        return Evaluate.evaluate(e, bindings);
    }

    /** Records y under the bindings for eager value and gradients. */
    public static Tape record(Expr y, Bindings bindings) {
        return Tape.record(y, bindings);
    }

    /** dy/dx as an expression, for a scalar y; differentiate it again for higher orders. */
    public static Expr grad(Expr y, Var x) {
        return gradients(y, List.of(x)).head();
    }

    /** dy/dx for each x, for a scalar y. */
    public static List<Expr> gradients(Expr y, Seq<Var> xs) {
        return Derivatives.gradients(y, xs);
    }

    /** y together with its gradients, which share y's nodes. */
    public static Tuple2<Expr, List<Expr>> valueAndGrad(Expr y, Seq<Var> xs) {
        return Tuple.of(y, gradients(y, xs));
    }

    /** The JAX-style transform: grad(f) is the function x ↦ df/dx, for an f with a scalar result. */
    public static Function<Expr, Expr> grad(Function<Expr, Expr> f) {
        return input -> {
            Var v = Var.of("x", input.shape());
            return Substitute.substitute(grad(f.apply(v), v), v, input);
        };
    }

    /**
     * The function mapped over the leading axis of its argument, as {@code jax.vmap(f)}: for an
     * input of shape {@code (n) + s} it gives the n results of {@code f} on the slices of shape s,
     * stacked along a new leading axis, as one expression built by batching f's (see {@link Vmap}),
     * not a loop over the n slices. Other variables f uses are shared by every example. Per-example
     * gradients: {@code vmap(x -> grad(loss(x, w), w)).apply(xs)}.
     */
    public static Function<Expr, Expr> vmap(Function<Expr, Expr> f) {
        return vmap(f, 0, 0);
    }

    /** As {@link #vmap(Function)}, mapped over axis {@code inAxis} of the argument (negative counts from the end). */
    public static Function<Expr, Expr> vmap(Function<Expr, Expr> f, int inAxis) {
        return vmap(f, inAxis, 0);
    }

    /**
     * As {@link #vmap(Function)}, mapped over axis {@code inAxis} of the argument, with the results
     * stacked along axis {@code outAxis} of the output (JAX's {@code in_axes} and {@code out_axes}).
     */
    public static Function<Expr, Expr> vmap(Function<Expr, Expr> f, int inAxis, int outAxis) {
        return input -> {
            Var v = Var.of("x", example(input, inAxis, 0));
            return Vmap.vmap(f.apply(v), List.of(v), List.of(input), List.of(inAxis), outAxis);
        };
    }

    /** A function of two arguments mapped over both their leading axes, which must have one length. */
    public static BiFunction<Expr, Expr, Expr> vmap(BiFunction<Expr, Expr, Expr> f) {
        return vmap(f, 0, 0, 0);
    }

    /**
     * A function of two arguments mapped over axis {@code inAxisA} of the first and {@code inAxisB}
     * of the second (of one length), its results stacked along {@code outAxis}. An argument every
     * example shares needs no axis: let f use it directly.
     */
    public static BiFunction<Expr, Expr, Expr> vmap(BiFunction<Expr, Expr, Expr> f, int inAxisA, int inAxisB,
            int outAxis) {
        return (a, b) -> {
            Var va = Var.of("a", example(a, inAxisA, 0));
            Var vb = Var.of("b", example(b, inAxisB, 1));
            return Vmap.vmap(f.apply(va, vb), List.of(va, vb), List.of(a, b), List.of(inAxisA, inAxisB), outAxis);
        };
    }

    /** The shape of one example of an argument mapped over an axis, or an error naming the argument and the axis. */
    private static Shape example(Expr input, int axis, int arg) {
        Shape s = input.shape();
        int a = axis < 0 ? axis + s.rank() : axis;
        if (s.isScalar() || a < 0 || a >= s.rank()) {
            throw new ShapeException("vmap: in axis " + axis + " is out of range for argument " + arg + " of shape " + s);
        }
        return s.without(a);
    }

    /** The forward-mode directional derivative of y along v at x (a JVP). */
    public static Expr jvp(Expr y, Var x, Expr v) {
        return Forward.jvp(y, HashMap.of(x, v));
    }

    /** The forward-mode derivative of y along tangents of several variables. */
    public static Expr jvp(Expr y, io.vavr.collection.Map<Var, Expr> tangents) {
        return Forward.jvp(y, tangents);
    }

    /** The vector-Jacobian products ūᵀ ∂y/∂x for each x, for a y of any shape; zeros where unconnected. */
    public static List<Expr> vjp(Expr y, Seq<Var> xs, Expr cotangent) {
        return Reverse.vjpOrZeros(y, xs, cotangent);
    }

    /**
     * ∂y/∂x with shape {@code y.shape + x.shape}, as JAX's {@code jacobian}, for any ranks: one VJP
     * per element of y, stacked.
     */
    public static Expr jacobian(Expr y, Var x) {
        return Derivatives.jacobian(y, x);
    }

    /** The Hessian of a scalar y with respect to x, of shape {@code x.shape + x.shape}. */
    public static Expr hessian(Expr y, Var x) {
        return Derivatives.hessian(y, x);
    }

    /** The Hessian-vector product H v, forward over reverse, without forming H. */
    public static Expr hvp(Expr y, Var x, Expr v) {
        return jvp(grad(y, x), x, v);
    }

    /** x, through which no derivative flows. */
    public static Expr stopGradient(Expr x) {
        return x.stopGradient();
    }

    /** {@code ifTrue} where cond is non-zero, else {@code ifFalse}. */
    public static Expr where(Expr cond, Expr ifTrue, Expr ifFalse) {
        return Structure.where(cond, ifTrue, ifFalse);
    }

    /**
     * Uniform numbers in [0, 1) of {@code shape} drawn from {@code key}, an input of shape (4) bound
     * to a key ({@code Keys.of(seed)}), as {@code jax.random.uniform(key, shape)}: the same key, the
     * same numbers; keys (..., 4) draw one sample each (see {@link Randomness#uniform}).
     */
    public static Expr uniform(Expr key, Shape shape) {
        return Randomness.uniform(key, shape, 0L);
    }

    /** The parts joined along a NumPy axis. */
    public static Expr concat(int axis, Expr... parts) {
        return Structure.concat(axis, List.of(parts));
    }

    /**
     * A loop as one node, as {@code jax.lax.scan}: {@code body} is called once, on a carry of
     * init's shape and one element of xs (xs without its leading axis), and returns the next carry
     * and the step's output; the result is the final carry and the outputs stacked along a new
     * leading axis. Evaluated, compiled and differentiated (in both modes, to any order) without
     * unrolling; reverse mode keeps the carry of every step, not the body's intermediates.
     *
     * <pre>{@code
     * Tuple2<Expr, Expr> r = scan((h, x) -> { Expr n = h.matmul(w).plus(x).tanh(); return Tuple.of(n, n); }, h0, xs);
     * }</pre>
     */
    public static Tuple2<Expr, Expr> scan(BiFunction<Expr, Expr, Tuple2<Expr, Expr>> body, Expr init, Expr xs) {
        return Scan.scan(body, init, xs);
    }

    /** As {@link #scan(BiFunction, Expr, Expr)}, from the last element of xs to the first when {@code reverse} (outputs stay in xs's order). */
    public static Tuple2<Expr, Expr> scan(BiFunction<Expr, Expr, Tuple2<Expr, Expr>> body, Expr init, Expr xs,
            boolean reverse) {
        return Scan.scan(body, init, xs, reverse);
    }

    /** e with algebraic identities applied and constants folded. */
    public static Expr simplify(Expr e) {
        return Simplify.simplify(e);
    }

    /** Infix text of e, with the fewest parentheses. */
    public static String show(Expr e) {
        return Show.show(e);
    }

    /** A reusable, thread-safe program computing the outputs (the analogue of {@code tf.function}). */
    public static Program compile(Expr... outputs) {
        if (outputs.length == 0) {
            throw new IllegalArgumentException("compile: give at least one output");
        }
        return Compile.compile(List.of(outputs));
    }
}
