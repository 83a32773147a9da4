package io.fluxion.train;

import io.fluxion.data.Dataset;
import io.fluxion.expr.Const;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.nn.Metric;
import io.fluxion.nn.Model;
import io.fluxion.tensor.Tensor;
import java.io.Serializable;

/**
 * How {@link GridSearch} scores a fitted model on held-out data; higher is better, as
 * scikit-learn's scorers.
 *
 * <pre>{@code GridSearch.of(...).scorer(Scorer.of(Metrics::accuracy))}</pre>
 */
@FunctionalInterface
public interface Scorer extends Serializable {

    /** The score of {@code fitted} on {@code data}. */
    double score(Model fitted, Dataset data);

    /**
     * Minus the mean squared error of the predictions, scikit-learn's
     * {@code neg_mean_squared_error} (averaged over all outputs): the default.
     */
    static Scorer negativeMse() {
        return (model, data) -> {
            Tensor d = model.predict(data.x()).minus(data.y());
            return -d.times(d).sum() / d.shape().size();
        };
    }

    /** The metric of the predictions against the targets, such as {@code Scorer.of(Metrics::accuracy)}. */
    static Scorer of(Metric metric) {
        return (model, data) -> Evaluate.evaluate(metric.apply(new Const(model.predict(data.x())), new Const(data.y())),
                Bindings.empty()).item();
    }
}
