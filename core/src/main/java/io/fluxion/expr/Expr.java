package io.fluxion.expr;

import io.fluxion.op.Activation;
import io.fluxion.op.Arithmetic;
import io.fluxion.op.Convolution;
import io.fluxion.op.Linalg;
import io.fluxion.op.MatrixFunctions;
import io.fluxion.op.Pooling;
import io.fluxion.op.Reduction;
import io.fluxion.op.Structure;
import io.fluxion.op.Transcendental;
import io.fluxion.tensor.Shape;

/**
 * A node of an immutable expression DAG: a {@link Const}, a {@link Var} or an {@link Apply} of a
 * {@link Primitive} to argument expressions.
 *
 * <p>The fluent methods build larger expressions; each checks shapes at once. Arithmetic
 * broadcasts as NumPy does. Scala 2.13 sees {@code $plus}, {@code $times}, … as operators, so
 * {@code x * x + 1} works there as written.
 *
 * <pre>{@code Expr y = x.pow(2).times(a).plus(b.times(x)).plus(c);}</pre>
 */
public sealed interface Expr permits Const, Var, Apply {

    /** The shape of this expression's value. */
    Shape shape();

    /**
     * Whether this expression's dtype is weak (JAX's weak types): true for a float64 constant and
     * for what is computed from such constants alone, which take the dtype of what they meet, so
     * that {@code x.times(2)} has x's dtype; false for a variable, a float32 constant and
     * anything computed from them. See {@link Promotion}.
     */
    boolean weak();

    // arithmetic

    /** this + other. */
    default Expr plus(Expr other) { return Arithmetic.add(this, other); }
    /** this + c. */
    default Expr plus(double c) { return plus(Const.of(c)); }
    /** this - other. */
    default Expr minus(Expr other) { return Arithmetic.sub(this, other); }
    /** this - c. */
    default Expr minus(double c) { return minus(Const.of(c)); }
    /** this * other, element by element. */
    default Expr times(Expr other) { return Arithmetic.mul(this, other); }
    /** this * c. */
    default Expr times(double c) { return times(Const.of(c)); }
    /** this / other, element by element. */
    default Expr div(Expr other) { return Arithmetic.div(this, other); }
    /** this / c. */
    default Expr div(double c) { return div(Const.of(c)); }
    /** -this. */
    default Expr negate() { return Arithmetic.neg(this); }
    /** this raised to a real power (integer powers of negative bases are defined). */
    default Expr pow(double exponent) { return pow(Const.of(exponent)); }
    /** this raised to a power given by an expression. */
    default Expr pow(Expr exponent) { return Arithmetic.pow(this, exponent); }
    /** this². */
    default Expr square() { return Arithmetic.square(this); }
    /** |this|; its derivative at 0 is taken as 0. */
    default Expr abs() { return Arithmetic.abs(this); }
    /** 1 where this equals other, else 0 (not differentiable). */
    default Expr eq(Expr other) { return Arithmetic.eq(this, other); }
    /** 1 where this is greater than other, else 0 (not differentiable). */
    default Expr gt(Expr other) { return Arithmetic.gt(this, other); }
    /** 1 where this is less than other, else 0 (not differentiable). */
    default Expr lt(Expr other) { return Arithmetic.lt(this, other); }

    // transcendental functions and activations

    /** e^this. */
    default Expr exp() { return Transcendental.exp(this); }
    /** The natural logarithm; {@code softmax(z).log()} is built as {@code logSoftmax(z)}, which stays finite. */
    default Expr log() { return Transcendental.log(this); }
    /** log(1 + this), accurate near 0. */
    default Expr log1p() { return Transcendental.log1p(this); }
    /** e^this - 1, accurate near 0. */
    default Expr expm1() { return Transcendental.expm1(this); }
    /** The square root. */
    default Expr sqrt() { return Transcendental.sqrt(this); }
    /** The sine. */
    default Expr sin() { return Transcendental.sin(this); }
    /** The cosine. */
    default Expr cos() { return Transcendental.cos(this); }
    /** The hyperbolic tangent. */
    default Expr tanh() { return Transcendental.tanh(this); }
    /** The logistic sigmoid 1 / (1 + e^-this). */
    default Expr sigmoid() { return Activation.sigmoid(this); }
    /** max(this, 0); its derivative at 0 is taken as 0. */
    default Expr relu() { return Activation.relu(this); }
    /** log(1 + e^this), computed without overflow. */
    default Expr softplus() { return Activation.softplus(this); }
    /** Softmax along the last axis. */
    default Expr softmax() { return Activation.softmax(this, -1); }
    /** Softmax along a NumPy axis. */
    default Expr softmax(int axis) { return Activation.softmax(this, axis); }
    /** Log-softmax along the last axis, computed stably. */
    default Expr logSoftmax() { return Activation.logSoftmax(this, -1); }
    /** Log-softmax along a NumPy axis, computed stably. */
    default Expr logSoftmax(int axis) { return Activation.logSoftmax(this, axis); }

    // linear algebra

    /** The matrix product with NumPy's rules: vectors, and batches over leading dimensions that broadcast. */
    default Expr matmul(Expr other) { return Linalg.matmul(this, other); }
    /** The axes reversed, as NumPy's {@code x.T} (a vector or scalar is itself). */
    default Expr transpose() { return Linalg.transpose(this); }
    /** The axes permuted: axis i of the result is axis {@code perm[i]} of this. */
    default Expr transpose(int... perm) { return Linalg.transpose(this, perm); }
    /** The last two axes swapped: the transpose of every matrix of a batch. */
    default Expr matrixTranspose() { return Linalg.matrixTranspose(this); }
    /** The inverse of this square matrix, or of each in a batch (..., n, n); a singular one is an error when run. */
    default Expr inv() { return MatrixFunctions.inv(this); }
    /** The determinant of this square matrix, or of each in a batch: shape (...). */
    default Expr det() { return MatrixFunctions.det(this); }
    /** log|det| of this square matrix, or of each in a batch, without overflow: shape (...). */
    default Expr logDet() { return MatrixFunctions.logDet(this); }
    /** The trace of this square matrix, or of each in a batch: shape (...). */
    default Expr trace() { return MatrixFunctions.trace(this); }
    /** x with this · x = b, b a matrix (..., n, k) or vectors (n) or (..., n); see {@link MatrixFunctions#solve}. */
    default Expr solve(Expr b) { return MatrixFunctions.solve(this, b); }
    /** The diagonal of this square matrix, or of each in a batch: (..., n, n) to (..., n). */
    default Expr diagonal() { return MatrixFunctions.diagonal(this); }
    /** The diagonal matrix with this vector as its diagonal, or one per vector of a batch: (..., n) to (..., n, n). */
    default Expr diagEmbed() { return MatrixFunctions.diagEmbed(this); }

    // convolutions and pooling, on images (N, C, H, W) as in PyTorch

    /**
     * This batch of images (N, C, H, W) correlated with {@code kernel} (O, C, kh, kw), as
     * {@code torch.nn.functional.conv2d(x, kernel, stride=stride, padding=padding)}: (N, O, oh, ow).
     */
    default Expr conv2d(Expr kernel, int stride, int padding) { return Convolution.conv2d(this, kernel, stride, padding); }
    /** The maximum of each size × size window of these images (N, C, H, W), every {@code stride} positions. */
    default Expr maxPool2d(int size, int stride) { return Pooling.maxPool2d(this, size, stride); }
    /** The maximum of each size × size window, windows side by side (stride = size, PyTorch's default). */
    default Expr maxPool2d(int size) { return Pooling.maxPool2d(this, size, size); }
    /** The mean of each size × size window of these images (N, C, H, W), every {@code stride} positions. */
    default Expr avgPool2d(int size, int stride) { return Pooling.avgPool2d(this, size, stride); }
    /** The mean of each size × size window, windows side by side (stride = size, PyTorch's default). */
    default Expr avgPool2d(int size) { return Pooling.avgPool2d(this, size, size); }

    // reductions and broadcasting

    /** The sum of all elements. */
    default Expr sum() { return Reduction.sum(this); }
    /** The sum along a NumPy axis (negative counts from the end). */
    default Expr sum(int axis) { return Reduction.sum(this, false, axis); }
    /** The sum over several NumPy axes. */
    default Expr sum(int... axes) { return Reduction.sum(this, false, axes); }
    /** The sum over NumPy axes (all when none is named), keeping them as length 1 if asked (NumPy's keepdims). */
    default Expr sum(boolean keepDims, int... axes) { return Reduction.sum(this, keepDims, axes); }
    /** The mean of all elements. */
    default Expr mean() { return Reduction.mean(this); }
    /** The mean along a NumPy axis. */
    default Expr mean(int axis) { return Reduction.mean(this, false, axis); }
    /** The mean over several NumPy axes. */
    default Expr mean(int... axes) { return Reduction.mean(this, false, axes); }
    /** The maximum along a NumPy axis; the gradient is shared among tied maxima. */
    default Expr max(int axis) { return Reduction.max(this, false, axis); }
    /** The maximum over NumPy axes (all when none is named). */
    default Expr max(int... axes) { return Reduction.max(this, false, axes); }
    /** The minimum along a NumPy axis; the gradient is shared among tied minima. */
    default Expr min(int axis) { return Reduction.min(this, false, axis); }
    /** The minimum over NumPy axes (all when none is named). */
    default Expr min(int... axes) { return Reduction.min(this, false, axes); }
    /** log Σ exp along a NumPy axis, computed stably. */
    default Expr logSumExp(int axis) { return Reduction.logSumExp(this, false, axis); }
    /** log Σ exp over NumPy axes (all when none is named), computed stably. */
    default Expr logSumExp(int... axes) { return Reduction.logSumExp(this, false, axes); }
    /** The index of the first maximum along a NumPy axis (not differentiable: its gradient is zero). */
    default Expr argmax(int axis) { return Reduction.argmax(this, axis); }
    /** Summed down to {@code shape}: the transpose of broadcasting. */
    default Expr sumTo(Shape shape) { return Reduction.sumTo(this, shape); }
    /** Broadcast up to {@code shape}. */
    default Expr broadcastTo(Shape shape) { return Reduction.broadcastTo(this, shape); }

    // structure

    /** The elements {@code from} (inclusive) to {@code to} (exclusive) along a NumPy axis. */
    default Expr slice(int axis, int from, int to) { return Structure.slice(this, axis, from, to); }
    /** The same elements in another shape of the same size. */
    default Expr reshape(int... dims) { return Structure.reshape(this, Shape.of(dims)); }
    /** The same elements in another shape of the same size. */
    default Expr reshape(Shape shape) { return Structure.reshape(this, shape); }
    /** A new axis of length 1 at {@code axis} (NumPy's {@code expand_dims}). */
    default Expr expandDims(int axis) { return Structure.expandDims(this, axis); }
    /** The axis {@code axis}, of length 1, removed. */
    default Expr squeeze(int axis) { return Structure.squeeze(this, axis); }
    /** The elements at integer {@code indices} along a NumPy axis (a gather; its VJP scatter-adds). */
    default Expr take(Expr indices, int axis) { return Structure.take(this, indices, axis); }
    /** One-hot vectors of width {@code classes} along a new last axis, from class indices (not differentiable). */
    default Expr oneHot(int classes) { return Structure.oneHot(this, classes); }
    /** The same value, through which no derivative flows. */
    default Expr stopGradient() { return Structure.stopGradient(this); }
    /** {@code ifTrue} where this is non-zero, else {@code ifFalse}, broadcasting all three. */
    default Expr select(Expr ifTrue, Expr ifFalse) { return Structure.where(this, ifTrue, ifFalse); }

    // Scala 2.13 decodes these names as operators: x * x + 1.

    /** Scala {@code +}. */
    default Expr $plus(Expr other) { return plus(other); }
    /** Scala {@code +}. */
    default Expr $plus(double c) { return plus(c); }
    /** Scala {@code -}. */
    default Expr $minus(Expr other) { return minus(other); }
    /** Scala {@code -}. */
    default Expr $minus(double c) { return minus(c); }
    /** Scala {@code *}. */
    default Expr $times(Expr other) { return times(other); }
    /** Scala {@code *}. */
    default Expr $times(double c) { return times(c); }
    /** Scala {@code /}. */
    default Expr $div(Expr other) { return div(other); }
    /** Scala {@code /}. */
    default Expr $div(double c) { return div(c); }
    /** Scala prefix {@code -}. */
    default Expr unary_$minus() { return negate(); }
}
