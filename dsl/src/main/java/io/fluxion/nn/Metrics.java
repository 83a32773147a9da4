package io.fluxion.nn;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;

/**
 * The usual metrics, each {@code (prediction, target) -> scalar} as an expression (to pass as
 * {@code Metrics::accuracy}), and on tensors ({@code accuracyOf}: a name of its own, not an
 * overload, so that {@code Metrics::accuracy} names one method in Scala 3 too).
 *
 * <pre>{@code
 * training.metric("accuracy", Metrics::accuracy);
 * double acc = Metrics.accuracyOf(model.predict(test.x()), test.y());
 * }</pre>
 */
public final class Metrics {
    private Metrics() {}

    /**
     * The fraction of examples whose predicted class (the first maximum along the last axis)
     * is the target's: targets are one-hot (or probabilities) of the prediction's shape, or class
     * indices with the last axis left out.
     *
     * @throws ShapeException if the target is neither
     */
    public static Expr accuracy(Expr prediction, Expr target) {
        int r = prediction.shape().rank();
        if (r == 0) {
            throw new ShapeException("accuracy: the prediction is a scalar; it needs an axis of classes, the last");
        }
        Expr predicted = prediction.argmax(-1);
        if (target.shape().equals(prediction.shape())) {
            return predicted.eq(target.argmax(-1)).mean();
        }
        if (target.shape().equals(prediction.shape().without(r - 1))) {
            return predicted.eq(target).mean();
        }
        throw new ShapeException("accuracy: the prediction has shape " + prediction.shape() + " but the target has shape "
                + target.shape() + "; give one-hot targets of the same shape, or class indices of shape "
                + prediction.shape().without(r - 1));
    }

    /** {@link #accuracy(Expr, Expr)} of two tensors: {@code accuracyOf(model.predict(x), y)}. */
    public static double accuracyOf(Tensor prediction, Tensor target) {
        return Evaluate.evaluate(accuracy(new Const(prediction), new Const(target)), Bindings.empty()).item();
    }

    /** The fraction of elements where {@code prediction > 0.5} agrees with a 0/1 target (Keras's {@code binary_accuracy}). */
    public static Expr binaryAccuracy(Expr prediction, Expr target) {
        Losses.check("binaryAccuracy", prediction, target);
        return prediction.gt(Const.of(0.5)).eq(target).mean();
    }
}
