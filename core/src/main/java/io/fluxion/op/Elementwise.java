package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.BlockKernel;
import io.fluxion.expr.Expr;
import io.fluxion.expr.FloatBlockKernel;
import io.fluxion.expr.Notation;
import io.fluxion.op.internal.Shapes;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Kernels;
import io.fluxion.tensor.internal.Storage;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Combinators for element-by-element primitives, in the style of Haskell's {@code ad}
 * ({@code sin = lift1 sin cos}): one declaration gives the value and both derivative modes.
 *
 * <p>An element-wise derivative is diagonal, so the same rule turns a tangent into the output's
 * tangent and a cotangent into the input's cotangent; binary rules then sum the cotangent back to
 * the argument's shape, undoing broadcasting.
 *
 * <p>The primitives these build compute in float32 too: each element in double from the float
 * arguments, rounded to float once, which for +, −, ×, ÷ and √ is float arithmetic itself.
 */
public final class Elementwise {
    private Elementwise() {}

    /** How a seed (tangent or cotangent) passes through a unary function, given its input x and output y. */
    @FunctionalInterface
    public interface Partial1 {
        /** The seed times the derivative at x. */
        Expr apply(Expr x, Expr y, Expr seed);
    }

    /** How a seed passes through one argument of a binary function, given its inputs a, b and output y. */
    @FunctionalInterface
    public interface Partial2 {
        /** The seed times the partial derivative. */
        Expr apply(Expr a, Expr b, Expr y, Expr seed);
    }

    /** A unary element-wise primitive printed as a call: {@code unary("sin", Math::sin, (x, y, s) -> s.times(x.cos()))}. */
    public static Op unary(String name, DoubleUnaryOperator f, Partial1 derivative) {
        Op.Rule rule = (node, arg, seed) -> derivative.apply(node.arg(0), node, seed);
        return Op.of(name, Notation.call(name), Shapes.same(name),
                (in, out) -> Kernels.map(in[0], f, out), rule, rule)
                .withBlockKernel(BlockKernels.map(f), FloatBlockKernels.map(f)).withFloat32();
    }

    /**
     * A unary element-wise primitive whose kernels, on tensors and in fused loops, are the loops
     * given: a loop of its own inlines its function where {@link #unary(String, DoubleUnaryOperator,
     * Partial1) map}'s operator call is megamorphic once several primitives have used it.
     */
    public static Op unary(String name, BlockKernel loop, FloatBlockKernel floatLoop, Partial1 derivative) {
        Op.Rule rule = (node, arg, seed) -> derivative.apply(node.arg(0), node, seed);
        return Op.of(name, Notation.call(name), Shapes.same(name), (in, out) -> whole(loop, floatLoop, in[0], out),
                rule, rule).withBlockKernel(loop, floatLoop).withFloat32();
    }

    /** The loop over all of {@code x}, which has the output's shape. */
    private static void whole(BlockKernel loop, FloatBlockKernel floatLoop, Tensor x, Buffer out) {
        int n = out.shape().size();
        if (out.dtype() == DType.FLOAT32) {
            floatLoop.apply(new float[][] {Storage.readFloats(x)}, Storage.writeFloats(out), n);
        } else {
            loop.apply(new double[][] {Storage.read(x)}, Storage.write(out), n);
        }
    }

    /** A binary element-wise primitive with NumPy broadcasting. */
    public static Op binary(String name, Notation notation, DoubleBinaryOperator f, Partial2 da, Partial2 db) {
        Op.Rule jvp = (node, arg, seed) -> partial(arg == 0 ? da : db, node, seed);
        Op.Rule vjp = (node, arg, seed) -> partial(arg == 0 ? da : db, node, seed).sumTo(node.arg(arg).shape());
        return Op.of(name, notation, Shapes.broadcast(name, 2), (in, out) -> Kernels.zip(in[0], in[1], f, out),
                jvp, vjp).withBlockKernel(BlockKernels.zip(f), FloatBlockKernels.zip(f)).withFloat32();
    }

    /**
     * A binary element-wise primitive with no derivative, such as a comparison: {@code f} on
     * tensors (which broadcast), the loops in fused loops.
     */
    public static Op comparison(String name, DoubleBinaryOperator f, BlockKernel loop, FloatBlockKernel floatLoop) {
        return Op.constant(name, Notation.call(name), Shapes.broadcast(name, 2),
                (in, out) -> Kernels.zip(in[0], in[1], f, out))
                .withBlockKernel(loop, floatLoop).withFloat32();
    }

    private static Expr partial(Partial2 p, Apply node, Expr seed) {
        return p.apply(node.arg(0), node.arg(1), node, seed);
    }
}
