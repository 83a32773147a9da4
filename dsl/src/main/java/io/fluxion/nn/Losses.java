package io.fluxion.nn;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.op.Activation;
import io.fluxion.tensor.ShapeException;

/**
 * The usual losses, each {@code (prediction, target) -> scalar}, to pass as {@code Losses::mse}.
 * Prediction and target must have the same shape (no broadcasting, which would silently compare
 * a column with a row); otherwise a {@link ShapeException} names the loss and both shapes.
 * Means are over all elements, which for a batch of rows equals Keras's mean over the last axis
 * followed by the mean over the batch.
 *
 * <pre>{@code Training.of(model, Losses::crossEntropy, Optimizers.sgd(0.01))}</pre>
 */
public final class Losses {
    private Losses() {}

    /** Keras's default clipping of probabilities in {@link #binaryCrossEntropy}. */
    private static final double EPSILON = 1e-7;

    /** The sum of squared errors, {@code sum((p - y)²)}. */
    public static Expr sse(Expr prediction, Expr target) {
        check("sse", prediction, target);
        return prediction.minus(target).square().sum();
    }

    /** The mean squared error, {@code mean((p - y)²)}. */
    public static Expr mse(Expr prediction, Expr target) {
        check("mse", prediction, target);
        return prediction.minus(target).square().mean();
    }

    /** The mean absolute error, {@code mean(|p - y|)}. */
    public static Expr mae(Expr prediction, Expr target) {
        check("mae", prediction, target);
        return prediction.minus(target).abs().mean();
    }

    /**
     * Categorical cross-entropy of probabilities, {@code mean(-sum(y * log(p), axis=-1))}, the
     * examples along the first axis and the classes along the last. When p is
     * {@code softmax(z)}, {@code log} builds the stable {@code logSoftmax(z)} and compilation
     * fuses the sum into one softmax-cross-entropy kernel, so large logits stay finite and the
     * gradient in z is {@code (softmax(z) - y) / batch}.
     */
    public static Expr crossEntropy(Expr prediction, Expr target) {
        checkClasses("crossEntropy", prediction, target);
        return target.times(prediction.log()).sum(-1).negate().mean();
    }

    /** Categorical cross-entropy from logits, {@code mean(softmaxCrossEntropy(z, y, axis=-1))}, in one kernel. */
    public static Expr softmaxCrossEntropy(Expr logits, Expr target) {
        checkClasses("softmaxCrossEntropy", logits, target);
        return Activation.softmaxCrossEntropy(logits, target, -1).mean();
    }

    /**
     * Binary cross-entropy of probabilities, {@code mean(-(y log p + (1 - y) log(1 - p)))}, with p
     * clipped to [1e-7, 1 - 1e-7] as Keras does, so a confident wrong answer costs about 16, not
     * infinity (the clipped region has no gradient, as in Keras).
     */
    public static Expr binaryCrossEntropy(Expr prediction, Expr target) {
        check("binaryCrossEntropy", prediction, target);
        Expr lo = Const.of(EPSILON);
        Expr hi = Const.of(1 - EPSILON);
        Expr p = prediction.lt(lo).select(lo, prediction.gt(hi).select(hi, prediction));
        Expr one = Const.of(1);
        return target.times(p.log()).plus(one.minus(target).times(one.minus(p).log())).negate().mean();
    }

    /**
     * Binary cross-entropy from logits, {@code mean(softplus(z) - y z)}, which equals the binary
     * cross-entropy of {@code sigmoid(z)} without rounding it to 0 or 1.
     */
    public static Expr binaryCrossEntropyWithLogits(Expr logits, Expr target) {
        check("binaryCrossEntropyWithLogits", logits, target);
        return logits.softplus().minus(target.times(logits)).mean();
    }

    /** Refuses a prediction and a target of different shapes, naming the loss. */
    static void check(String loss, Expr prediction, Expr target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new ShapeException(loss + ": the prediction has shape " + prediction.shape()
                    + " but the target has shape " + target.shape() + "; they must be equal");
        }
    }

    private static void checkClasses(String loss, Expr prediction, Expr target) {
        check(loss, prediction, target);
        if (prediction.shape().rank() == 0) {
            throw new ShapeException(loss + ": the prediction and the target are scalars; they need an axis of classes, "
                    + "the last, such as (batch, classes)");
        }
    }
}
