package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.tensor.Kernels;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;

/** Activations: sigmoid, relu, and softmax and log-softmax along the last axis. */
public final class Activation {
    private Activation() {}

    /** The logistic sigmoid, computed without overflow for large |x|; its derivative is y (1 - y). */
    public static final Op SIGMOID = Elementwise.unary("sigmoid", Activation::sigmoid,
            (x, y, s) -> s.times(y.times(Const.of(1).minus(y))));

    /** max(x, 0); the derivative at 0 is taken as 0, as PyTorch and JAX do. */
    public static final Op RELU = Elementwise.unary("relu", x -> x > 0 ? x : 0,
            (x, y, s) -> s.times(x.gt(Const.of(0))));

    /** Softmax along the last axis: the Jacobian is symmetric, so both modes share one rule. */
    public static final Op SOFTMAX = Op.of("softmax", Notation.call("softmax"), Shapes.sameWithAxis("softmax"),
            (in, out) -> Kernels.softmax(in[0], false, out),
            Activation::softmaxRule, Activation::softmaxRule);

    /**
     * Log-softmax along the last axis, computed as x - logsumexp(x). Its VJP is the primitive
     * {@link #LOG_SOFTMAX_VJP}, one pass over the rows where the formula would take five.
     */
    public static final Op LOG_SOFTMAX = Op.of("logSoftmax", Notation.call("logSoftmax"), Shapes.sameWithAxis("logSoftmax"),
            (in, out) -> Kernels.softmax(in[0], true, out),
            (node, arg, t) -> t.minus(Reduction.sumKeep(node.exp().times(t), -1)),
            (node, arg, ct) -> Apply.of(Activation.LOG_SOFTMAX_VJP, node, ct));

    /**
     * The VJP of log-softmax as one primitive (as PyTorch's {@code log_softmax_backward}): for
     * {@code y = logSoftmax(x)} and a cotangent g, {@code g - exp(y) · Σ g} with the sum along the
     * last axis. Linear in g; its own derivatives are written as expressions, so that second
     * derivatives through log-softmax still work.
     */
    public static final Op LOG_SOFTMAX_VJP = Op.of("logSoftmaxVjp", Notation.call("logSoftmaxVjp"),
            Activation::vjpShape,
            (in, out) -> Kernels.logSoftmaxVjp(in[0], in[1], out),
            (node, arg, t) -> arg == 0
                    ? node.arg(0).exp().times(t).times(Reduction.sumKeep(node.arg(1), -1)).negate()
                    : Apply.of(node.op(), node.arg(0), t),
            (node, arg, ct) -> arg == 0
                    ? node.arg(0).exp().times(ct).times(Reduction.sumKeep(node.arg(1), -1)).negate()
                    : ct.minus(Reduction.sumKeep(node.arg(0).exp().times(ct), -1)));

    /** sigmoid(x). */
    public static Expr sigmoid(Expr x) { return Apply.of(SIGMOID, x); }
    /** relu(x). */
    public static Expr relu(Expr x) { return Apply.of(RELU, x); }
    /** softmax(x) along the last axis. */
    public static Expr softmax(Expr x) { return Apply.of(SOFTMAX, x); }
    /** logSoftmax(x) along the last axis. */
    public static Expr logSoftmax(Expr x) { return Apply.of(LOG_SOFTMAX, x); }

    private static Expr softmaxRule(Apply node, int arg, Expr seed) {
        return node.times(seed.minus(Reduction.sumKeep(seed.times(node), -1)));
    }

    private static Shape vjpShape(List<Shape> s) {
        Shape y = Shapes.sameWithAxis("logSoftmaxVjp").apply(Shapes.arity("logSoftmaxVjp", s, 2).take(1));
        if (!s.get(1).equals(y)) {
            throw Shapes.mismatch("logSoftmaxVjp", "needs a cotangent shaped like the output, got", s);
        }
        return y;
    }

    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
