package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.expr.Sharing;
import io.fluxion.expr.internal.ScalarForms;
import io.fluxion.op.internal.Shapes;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Activations: sigmoid, relu, softplus, and softmax, log-softmax and softmax cross-entropy along
 * any axis (records of their axis).
 */
public final class Activation {
    private Activation() {}

    /** The logistic sigmoid, computed without overflow for large |x|; its derivative is y (1 - y). */
    public static final Op SIGMOID = Elementwise.unary("sigmoid", Activation::sigmoid,
            (x, y, s) -> s.times(y.times(Const.of(1).minus(y))));

    /**
     * max(x, 0), NaN staying NaN (as PyTorch's and JAX's relu, so that a NaN is not hidden from
     * {@code checkFinite}); the derivative at 0 is taken as 0, as PyTorch and JAX do.
     */
    public static final Op RELU = Elementwise.unary("relu", BlockKernels.RELU, FloatBlockKernels.RELU,
            (x, y, s) -> s.times(x.gt(Const.of(0))));

    /** log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) so that it neither overflows nor loses small values; its derivative is sigmoid(x). */
    public static final Op SOFTPLUS = Elementwise.unary("softplus",
            x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), (x, y, s) -> s.times(x.sigmoid()));

    /** Softmax along an axis: the Jacobian is symmetric, so both modes share one rule. */
    public record Softmax(int axis) implements Primitive, AnyDType {
        @Override public String name() { return "softmax"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.alongAxis(b, axis, Softmax::new)); }
        @Override public Notation notation() { return new Notation.Call("softmax", "axis=" + axis); }
        @Override public Shape shape(List<Shape> s) { return Shapes.withAxis("softmax", s, axis); }
        @Override public void applyInto(Tensor[] in, Buffer out) { ActivationKernels.softmax(in[0], axis, false, out); }
        @Override public Expr jvp(Apply node, int arg, Expr t) { return rule(node, t); }
        @Override public Expr vjp(Apply node, int arg, Expr ct) { return rule(node, ct); }
        private Expr rule(Apply y, Expr seed) {
            return y.times(seed.minus(Reduction.sumKeep(seed.times(y), axis)));
        }
    }

    /**
     * Log-softmax along an axis, computed as x - logsumexp(x). Its VJP is the primitive
     * {@link LogSoftmaxVjp}, one pass over each lane where the formula would take five.
     */
    public record LogSoftmax(int axis) implements Primitive, AnyDType {
        @Override public String name() { return "logSoftmax"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.alongAxis(b, axis, LogSoftmax::new)); }
        @Override public Notation notation() { return new Notation.Call("logSoftmax", "axis=" + axis); }
        @Override public Shape shape(List<Shape> s) { return Shapes.withAxis("logSoftmax", s, axis); }
        @Override public void applyInto(Tensor[] in, Buffer out) { ActivationKernels.softmax(in[0], axis, true, out); }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            return t.minus(Reduction.sumKeep(node.exp().times(t), axis));
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) { return Apply.of(new LogSoftmaxVjp(axis), node, ct); }
    }

    /**
     * The VJP of log-softmax as one primitive (as PyTorch's {@code log_softmax_backward}): for
     * {@code y = logSoftmax(x)} and a cotangent g, {@code g - exp(y) · Σ g} with the sum along the
     * axis. Linear in g; its own derivatives are written as expressions, so that second
     * derivatives through log-softmax still work.
     */
    public record LogSoftmaxVjp(int axis) implements Primitive, AnyDType {
        @Override public String name() { return "logSoftmaxVjp"; }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.alongAxis(b, axis, LogSoftmaxVjp::new)); }
        @Override public Notation notation() { return new Notation.Call("logSoftmaxVjp", "axis=" + axis); }
        @Override public Shape shape(List<Shape> s) {
            return Shapes.withAxis("logSoftmaxVjp", List.of(Shapes.allSame("logSoftmaxVjp", s, 2)), axis);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) { ActivationKernels.logSoftmaxVjp(in[0], in[1], axis, out); }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            return arg == 0 ? byOutput(node, t) : Apply.of(this, node.arg(0), t);
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            return arg == 0 ? byOutput(node, ct) : ct.minus(Reduction.sumKeep(node.arg(0).exp().times(ct), axis));
        }
        private Expr byOutput(Apply node, Expr seed) {
            return node.arg(0).exp().times(seed).times(Reduction.sumKeep(node.arg(1), axis)).negate();
        }
        /** Compiled, from the logits: the log-softmax pass is then made only if something else reads it. */
        @Override public Option<Expr> fuse(Apply node) {
            return node.arg(0) instanceof Apply y && y.op() instanceof LogSoftmax ls && ls.axis() == axis
                    ? Option.of(Apply.of(new LogSoftmaxVjpOfLogits(axis), y.arg(0), node.arg(1))) : Option.none();
        }
    }

    /**
     * {@link LogSoftmaxVjp} taking the logits z instead of the log-softmax: {@code g - softmax(z) · Σ g}
     * in one pass over each lane, with one exponential per element. {@code compile} makes it from
     * logSoftmax's VJP, and {@link SoftmaxCrossEntropy}'s VJP is built of it; its derivatives are
     * those of {@code logSoftmaxVjp(logSoftmax(z), g)}, composed from the two primitives' rules.
     */
    public record LogSoftmaxVjpOfLogits(int axis) implements Primitive, AnyDType {
        @Override public String name() { return "logSoftmaxVjpOfLogits"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(Batching.alongAxis(b, axis, LogSoftmaxVjpOfLogits::new));
        }
        @Override public Notation notation() { return new Notation.Call("logSoftmaxVjpOfLogits", "axis=" + axis); }
        @Override public Shape shape(List<Shape> s) {
            Shape x = Shapes.allSame("logSoftmaxVjpOfLogits", s, 2);
            return Shapes.withAxis("logSoftmaxVjpOfLogits", List.of(x), axis);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            ActivationKernels.logSoftmaxVjpOfLogits(in[0], in[1], axis, out);
        }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            Apply y = logSoftmax(node);
            Apply unfused = Apply.of(new LogSoftmaxVjp(axis), y, node.arg(1));
            return arg == 1 ? unfused.op().jvp(unfused, 1, t) : unfused.op().jvp(unfused, 0, y.op().jvp(y, 0, t));
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            Apply y = logSoftmax(node);
            Apply unfused = Apply.of(new LogSoftmaxVjp(axis), y, node.arg(1));
            return arg == 1 ? unfused.op().vjp(unfused, 1, ct) : y.op().vjp(y, 0, unfused.op().vjp(unfused, 0, ct));
        }
        private Apply logSoftmax(Apply node) {
            return Apply.of(new LogSoftmax(axis), node.arg(0));
        }
        /**
         * Compiled next to the softmax of the same logits, or to their cross-entropy (whose share
         * rule then reads that softmax too): from the softmax, with no exponential of its own.
         */
        @Override public Option<Expr> share(Apply node, Sharing program) {
            Expr z = node.arg(0);
            return program.applies(new Softmax(axis), z) || program.applies(new SoftmaxCrossEntropy(axis), z)
                    ? Option.of(Apply.of(new LogSoftmaxVjpOfSoftmax(axis), Apply.of(new Softmax(axis), z), node.arg(1)))
                    : Option.none();
        }
    }

    /**
     * {@link LogSoftmaxVjp} reading the softmax p of the logits: {@code g - p · Σ g}, with the sum
     * along the axis; the same values as {@link LogSoftmaxVjpOfLogits} from the logits, bit for
     * bit, without exponentials. {@code compile} makes it when the program computes that softmax
     * anyway (see {@link LogSoftmaxVjpOfLogits#share}); its derivatives are its own, linear in g.
     */
    public record LogSoftmaxVjpOfSoftmax(int axis) implements Primitive, AnyDType {
        @Override public String name() { return "logSoftmaxVjpOfSoftmax"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(Batching.alongAxis(b, axis, LogSoftmaxVjpOfSoftmax::new));
        }
        @Override public Notation notation() { return new Notation.Call("logSoftmaxVjpOfSoftmax", "axis=" + axis); }
        @Override public Shape shape(List<Shape> s) {
            Shape x = Shapes.allSame("logSoftmaxVjpOfSoftmax", s, 2);
            return Shapes.withAxis("logSoftmaxVjpOfSoftmax", List.of(x), axis);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            ActivationKernels.logSoftmaxVjpOfSoftmax(in[0], in[1], axis, out);
        }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            return arg == 0 ? t.times(Reduction.sumKeep(node.arg(1), axis)).negate() : Apply.of(this, node.arg(0), t);
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            return arg == 0 ? ct.times(Reduction.sumKeep(node.arg(1), axis)).negate()
                    : ct.minus(Reduction.sumKeep(ct.times(node.arg(0)), axis));
        }
    }

    /**
     * Softmax cross-entropy of logits z against targets y (one-hot rows, or any distribution) along
     * an axis, {@code -Σ y · logSoftmax(z)}, in one kernel; its VJP in z is
     * {@code c · (softmax(z) · Σ y - y)} for a cotangent c, which is {@code c · (softmax(z) - y)} for
     * one-hot targets, built as the one-pass {@link LogSoftmaxVjpOfLogits} of {@code -c · y}.
     * {@code compile} fuses the written-out form into it, and reads it from the softmax when the
     * program computes that softmax or this VJP too ({@link SoftmaxCrossEntropyOfSoftmax}).
     */
    public record SoftmaxCrossEntropy(int axis) implements Primitive, AnyDType {
        @Override public String name() { return "softmaxCrossEntropy"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(Batching.alongAxis(b, axis, SoftmaxCrossEntropy::new));
        }
        @Override public Notation notation() { return new Notation.Call("softmaxCrossEntropy", "axis=" + axis); }
        @Override public Shape shape(List<Shape> s) {
            return Shapes.withAxis("softmaxCrossEntropy", List.of(Shapes.allSame("softmaxCrossEntropy", s, 2)), axis)
                    .without(axis);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            ActivationKernels.softmaxCrossEntropy(in[0], in[1], axis, out);
        }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            return arg == 0 ? Reduction.sum(logSoftmaxVjp(node, node.arg(1)).times(t), false, axis).negate()
                    : Reduction.sum(logSoftmax(node).times(t), false, axis).negate();
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            Expr c = ct.reshape(node.arg(0).shape().with(axis, 1));
            return arg == 0 ? logSoftmaxVjp(node, node.arg(1).times(c.negate())) : logSoftmax(node).times(c).negate();
        }
        private Expr logSoftmax(Apply node) {
            return Apply.of(new LogSoftmax(axis), node.arg(0));
        }
        /**
         * {@code g - softmax(z) · Σ g}: with g = -c·y for a cotangent c constant along each lane, the
         * derivative in z, {@code c · (softmax(z) · Σ y - y)}, in one primitive of one pass.
         */
        private Expr logSoftmaxVjp(Apply node, Expr g) {
            return Apply.of(new LogSoftmaxVjpOfLogits(axis), node.arg(0), g);
        }
        /**
         * Compiled next to the softmax of the same logits, or to the VJP that computes it (whose
         * share rule then reads that softmax too): read from the softmax, with no exponential of
         * its own, so that a program computing the loss and its gradient exponentiates once.
         */
        @Override public Option<Expr> share(Apply node, Sharing program) {
            Expr z = node.arg(0);
            return program.applies(new Softmax(axis), z) || program.applies(new LogSoftmaxVjpOfLogits(axis), z)
                    ? Option.of(Apply.of(new SoftmaxCrossEntropyOfSoftmax(axis), z, Apply.of(new Softmax(axis), z),
                            node.arg(1)))
                    : Option.none();
        }
    }

    /**
     * {@link SoftmaxCrossEntropy} of logits z against targets y, read from p = softmax(z) along the
     * same axis (the second argument) with no exponential: per lane the log-sum-exp is
     * {@code z_m - log p_m} at the lane's largest logit m, where p_m ≥ 1/n is the softmax kernel's
     * {@code 1 / Σ exp(z - z_m)}, so the log is well conditioned and the loss agrees with the
     * primitive's to the last bits of that log. {@code compile} makes it when the program
     * computes that softmax anyway (see {@link SoftmaxCrossEntropy#share}), and p is always the
     * softmax of z: its derivatives are those of softmax cross-entropy in z and y, and none flow
     * through p, which stands for a function of z. The softmax has the logits' dtype: targets
     * wider than the logits (float64 against float32, which training refuses) get a loss as
     * accurate as the float32 softmax.
     */
    public record SoftmaxCrossEntropyOfSoftmax(int axis) implements Primitive, AnyDType {
        @Override public String name() { return "softmaxCrossEntropyOfSoftmax"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(Batching.alongAxis(b, axis, SoftmaxCrossEntropyOfSoftmax::new));
        }
        @Override public Notation notation() { return new Notation.Call("softmaxCrossEntropyOfSoftmax", "axis=" + axis); }
        @Override public Shape shape(List<Shape> s) {
            Shape x = Shapes.allSame("softmaxCrossEntropyOfSoftmax", s, 3);
            return Shapes.withAxis("softmaxCrossEntropyOfSoftmax", List.of(x), axis).without(axis);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            ActivationKernels.softmaxCrossEntropyOfSoftmax(in[0], in[1], in[2], axis, out);
        }
        @Override public boolean differentiable(int arg) { return arg != 1; }
        @Override public Expr jvp(Apply node, int arg, Expr t) {
            Apply unshared = unshared(node);
            return unshared.op().jvp(unshared, arg == 0 ? 0 : 1, t);
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) {
            Apply unshared = unshared(node);
            return unshared.op().vjp(unshared, arg == 0 ? 0 : 1, ct);
        }
        private Apply unshared(Apply node) {
            return Apply.of(new SoftmaxCrossEntropy(axis), node.arg(0), node.arg(2));
        }
    }

    /** sigmoid(x). */
    public static Expr sigmoid(Expr x) { return Apply.of(SIGMOID, x); }
    /** relu(x). */
    public static Expr relu(Expr x) { return Apply.of(RELU, x); }
    /** softplus(x) = log(1 + e^x). */
    public static Expr softplus(Expr x) { return Apply.of(SOFTPLUS, x); }
    /** softmax(x) along a NumPy axis. */
    public static Expr softmax(Expr x, int axis) { return Apply.of(new Softmax(Shapes.axis("softmax", x.shape(), axis)), x); }
    /** logSoftmax(x) along a NumPy axis. */
    public static Expr logSoftmax(Expr x, int axis) {
        return Apply.of(new LogSoftmax(Shapes.axis("logSoftmax", x.shape(), axis)), x);
    }
    /** -Σ y · logSoftmax(z) along a NumPy axis, in one kernel. */
    public static Expr softmaxCrossEntropy(Expr logits, Expr targets, int axis) {
        return Apply.of(new SoftmaxCrossEntropy(Shapes.axis("softmaxCrossEntropy", logits.shape(), axis)), logits, targets);
    }

    /**
     * {@code Σ y · logSoftmax(z)} along an axis (the product being {@code summand}) as
     * {@code -softmaxCrossEntropy(z, y)}, one kernel whose VJP is one pass; none if it does not match.
     */
    static Option<Expr> fuseCrossEntropy(Expr summand, int axis) {
        if (!(summand instanceof Apply m) || m.op() != Arithmetic.MUL) {
            return Option.none();
        }
        for (int i = 0; i < 2; i++) {
            Expr y = m.arg(1 - i);
            if (m.arg(i) instanceof Apply l && l.op() instanceof LogSoftmax ls && ls.axis() == axis
                    && y.shape().equals(l.shape())) {
                return Option.of(Apply.of(new SoftmaxCrossEntropy(axis), l.arg(0), y).negate());
            }
        }
        return Option.none();
    }

    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    // What each computes for one element, for compile to write a fused loop as one method.
    static {
        ScalarForms.declare(RELU, ScalarCode.RELU);
    }
}
