package io.fluxion.law.specimen;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.op.Op;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Kernels;
import io.vavr.collection.List;
import java.util.function.Function;

/**
 * Custom primitives as a user writes them: a value, and JVP and VJP rules written by hand. The value
 * is computed by the core's own operations on the arguments (so only the rules are under test); the
 * rules are what a user would write, and are differentiated again like any rule.
 */
final class Custom {
    private Custom() {}

    /** A rule for one argument of a primitive: given the node, its arguments and a seed, an expression. */
    @FunctionalInterface
    interface Rule {
        Expr apply(Apply node, List<Expr> args, int arg, Expr seed);
    }

    /**
     * A primitive named {@code name} whose value is {@code value} of its arguments (computed by the
     * core) and whose rules are the ones given; its output shape is the value's.
     */
    static Op op(String name, Function<List<Expr>, Expr> value, Rule jvp, Rule vjp) {
        return Op.of(name, Notation.call(name),
                shapes -> value.apply(shapes.zipWithIndex().map(p -> (Expr) Var.of("a" + p._2, p._1))).shape(),
                (in, out) -> Kernels.copy(Evaluate.evaluate(value.apply(List.of(in).map(t -> (Expr) new Const(t))),
                        Bindings.empty()), out),
                (node, arg, t) -> jvp.apply(node, node.args(), arg, t),
                (node, arg, g) -> vjp.apply(node, node.args(), arg, g));
    }

    /** An element-wise primitive of one argument with one rule d(x, y) for both modes: seed · d. */
    static Op unary(String name, Function<Expr, Expr> value, Function<Apply, Expr> derivative) {
        return unary(name, value, derivative, derivative);
    }

    /** An element-wise primitive of one argument with its JVP and VJP derivatives given apart. */
    static Op unary(String name, Function<Expr, Expr> value, Function<Apply, Expr> jvpDerivative,
            Function<Apply, Expr> vjpDerivative) {
        return op(name, a -> value.apply(a.head()),
                (node, args, arg, t) -> t.times(jvpDerivative.apply(node)),
                (node, args, arg, g) -> g.times(vjpDerivative.apply(node)));
    }

    /** A primitive of one argument with a value kernel of its own. */
    static Op withKernel(Op op, java.util.function.DoubleUnaryOperator f) {
        return op.withKernel((in, out) -> Kernels.map(in[0], f, out));
    }

    /** A primitive of two arguments with a value kernel of its own, broadcasting. */
    static Op withKernel(Op op, java.util.function.DoubleBinaryOperator f) {
        return op.withKernel((in, out) -> Kernels.zip(in[0], in[1], f, out));
    }

    /** The primitive applied to the arguments. */
    static Expr apply(Op op, Expr... args) {
        return Apply.of(op, args);
    }

    /** A constant of the shape, every element {@code v}. */
    static Expr filled(Shape s, double v) {
        double[] d = new double[s.size()];
        java.util.Arrays.fill(d, v);
        return new Const(Tensor.of(s, d));
    }
}
