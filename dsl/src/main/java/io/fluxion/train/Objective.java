package io.fluxion.train;

import io.fluxion.interp.Bindings;
import io.fluxion.nn.Loss;
import io.fluxion.nn.Metric;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.io.Serial;
import java.io.Serializable;

/**
 * What a training step evaluates, without the optimizer: a model, its loss and metrics, as one
 * serializable value that can be shipped to another machine and evaluated there on a batch.
 * Programs are compiled on first use per batch shape and kept with this value, so one copy per
 * JVM (a Spark broadcast is deserialized once per executor) compiles each shape once.
 *
 * <pre>{@code Objective o = training.objective();  Objective.Value v = o.evaluate(params, x, y);  v.loss();}</pre>
 */
public final class Objective implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The model trained. */
    private final Model model;
    /** The loss of a prediction and a target. */
    private final Loss loss;
    /** The metrics, by name, in the order printed. */
    private final LinkedHashMap<String, Metric> metrics;
    private final transient Programs programs;

    private Objective(Model model, Loss loss, LinkedHashMap<String, Metric> metrics) {
        this.model = model;
        this.loss = loss;
        this.metrics = metrics;
        this.programs = new Programs(model, loss, metrics, io.vavr.control.Option.none());
    }

    /**
     * The objective of training {@code model} on {@code loss}, also reporting {@code metrics}.
     *
     * @throws IllegalArgumentException for a model that trains with keys (a {@link io.fluxion.nn.Dropout}
     *     layer): an objective evaluates steps without the keys a training binds each step
     */
    public static Objective of(Model model, Loss loss, LinkedHashMap<String, Metric> metrics) {
        if (model.trainsWithKeys()) {
            throw new IllegalArgumentException("Objective: the model draws random numbers in training (a Dropout "
                    + "layer) from keys each step binds, which an Objective does not, so it cannot be shipped to other "
                    + "machines (SparkTraining does not train models with Dropout yet); train it with Training's "
                    + "epochs or fit, or without the Dropout layer");
        }
        return new Objective(model, loss, metrics);
    }

    /**
     * The loss, metrics and gradients of the loss with respect to the model's parameters, at
     * {@code params}, on a batch (x, y).
     *
     * @param loss the loss
     * @param metrics the metrics, in the order of {@link #metricNames()}
     * @param gradients the gradients, in the order of the parameters
     */
    public record Value(double loss, List<Double> metrics, List<Tensor> gradients) {}

    /** Evaluates the step's program for the batch's shapes at these parameter values. */
    public Value evaluate(Params params, Tensor x, Tensor y) {
        Programs.Compiled c = programs.step(x.shape(), y.shape());
        List<Tensor> out = c.program().run(Bindings.of(params.toMap()).and(c.x(), x).and(c.y(), y));
        int m = metrics.size();
        return new Value(out.head().item(), out.drop(1).take(m).map(Tensor::item), out.drop(1 + m));
    }

    /** The loss alone, for a batch (x, y), at these parameter values. */
    public double loss(Params params, Tensor x, Tensor y) {
        Programs.Compiled c = programs.evaluation(x.shape(), y.shape());
        return c.program().run(Bindings.of(params.toMap()).and(c.x(), x).and(c.y(), y)).head().item();
    }

    /** The model, with its initial parameters. */
    public Model model() {
        return model;
    }

    /** The metrics' names, in the order {@link Value#metrics()} gives them. */
    public List<String> metricNames() {
        return metrics.keySet().toList();
    }

    /** Rebuilds through the constructor, which makes the program cache that is not serialized. */
    @Serial
    private Object readResolve() {
        return new Objective(model, loss, metrics);
    }
}
