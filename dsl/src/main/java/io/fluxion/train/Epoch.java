package io.fluxion.train;

import io.fluxion.nn.Params;
import io.fluxion.optim.OptimizerState;
import io.vavr.Lazy;
import io.vavr.collection.LinkedHashMap;
import io.vavr.control.Option;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One epoch of training, as an element of {@link Training#epochs}: its number (from 1), the
 * parameters and optimizer state at its end, the mean loss over its batches, and the means of
 * the metrics (validation ones prefixed {@code val_}).
 *
 * <pre>{@code Epoch tenth = training.epochs(data, 1000).get(9);   tenth.epoch() == 10;   tenth.params().get(w)}</pre>
 *
 * <p>Immutable, with value equality. A class rather than a record because an epoch of a stream is
 * computed when first asked for its values, not when the stream reaches it: a Vavr stream
 * evaluates its head at once, and this keeps {@code training.epochs(...)} from training anything
 * until an epoch is read. {@link #epoch()} never computes anything.
 */
public final class Epoch implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What an epoch holds once computed; the data order when {@link Training} made it, for resuming. */
    private record Values(Params params, OptimizerState optimizerState, double loss, LinkedHashMap<String, Double> metrics,
            Option<DataOrder> order) {}

    /** The epoch's number, from 1. */
    private final int epoch;
    private final transient Lazy<Values> values;

    private Epoch(int epoch, Lazy<Values> values) {
        if (epoch < 1) {
            throw new IllegalArgumentException("Epoch: the epoch number counts from 1, got " + epoch);
        }
        this.epoch = epoch;
        this.values = values;
    }

    /**
     * An epoch from its values, for example to test a stream combinator:
     * {@code Epoch.of(3, params, state, 0.25, LinkedHashMap.of("val_loss", 0.3))}.
     *
     * @param epoch the epoch number, from 1
     * @param params the parameters at the end of the epoch
     * @param optimizerState the optimizer's state at the end of the epoch
     * @param loss the mean loss over the epoch's batches, each taken before its update
     * @param metrics the metrics by name, training ones as {@code accuracy}, validation ones as {@code val_loss}
     */
    public static Epoch of(int epoch, Params params, OptimizerState optimizerState, double loss,
            LinkedHashMap<String, Double> metrics) {
        return of(epoch, params, optimizerState, loss, metrics, Option.none());
    }

    /** An epoch that also knows the order its data was batched in. */
    static Epoch of(int epoch, Params params, OptimizerState optimizerState, double loss,
            LinkedHashMap<String, Double> metrics, Option<DataOrder> order) {
        Values v = new Values(Objects.requireNonNull(params, "Epoch: params"),
                Objects.requireNonNull(optimizerState, "Epoch: optimizerState"), loss,
                Objects.requireNonNull(metrics, "Epoch: metrics"), order);
        return new Epoch(epoch, Lazy.of(() -> v));
    }

    /**
     * An epoch numbered {@code epoch} whose values {@code compute} gives when first asked (once),
     * for streams of epochs that train nothing until read: {@code Epoch.deferred(3, () -> runEpoch(3))}.
     */
    public static Epoch deferred(int epoch, Supplier<Epoch> compute) {
        return new Epoch(epoch, Lazy.of(() -> compute.get().values.get()));
    }

    /** The epoch number, from 1; computes nothing. */
    public int epoch() {
        return epoch;
    }

    /** The parameters at the end of this epoch: {@code model.withParams(e.params())}. */
    public Params params() {
        return values.get().params();
    }

    /** The optimizer's state at the end of this epoch. */
    public OptimizerState optimizerState() {
        return values.get().optimizerState();
    }

    /**
     * The loss averaged over the epoch's batches, each batch's loss taken before its update and
     * weighted by its number of examples, as Keras does (so a smaller last batch counts less);
     * with equal batches, the plain mean of the batch losses.
     */
    public double loss() {
        return values.get().loss();
    }

    /** The metrics by name, in the order they were added: {@code accuracy}, then {@code val_loss}, {@code val_accuracy}. */
    public LinkedHashMap<String, Double> metrics() {
        return values.get().metrics();
    }

    /** The order the data was batched in, when {@link Training} made this epoch. */
    Option<DataOrder> order() {
        return values.get().order();
    }

    /** The named value, {@code "loss"} being {@link #loss()}: {@code e.metric("val_accuracy")}. */
    public Option<Double> metric(String name) {
        return name.equals("loss") ? Option.some(loss()) : metrics().get(name);
    }

    /** This epoch's number, loss and metrics with other parameters and optimizer state (as early stopping restores). */
    public Epoch withParams(Params params, OptimizerState optimizerState) {
        return of(epoch, params, optimizerState, loss(), metrics(), order());
    }

    /** Equal when the numbers, parameters, optimizer states, losses and metrics are equal (how the data was ordered aside). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Epoch e && epoch == e.epoch && comparable().equals(e.comparable());
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return 31 * epoch + comparable().hashCode();
    }

    private Values comparable() {
        Values v = values.get();
        return new Values(v.params(), v.optimizerState(), v.loss(), v.metrics(), Option.none());
    }

    /** The epoch line, with its values only if computed: {@code Epoch 3 - loss: 0.1234 - val_accuracy: 0.9100}. */
    @Override
    public String toString() {
        if (!values.isEvaluated()) {
            return "Epoch " + epoch + " (not computed yet)";
        }
        return "Epoch " + epoch + " - " + Fit.summary(loss(), metrics());
    }

    /** Serializes the computed values (computing them first if need be). */
    private Object writeReplace() {
        Values v = values.get();
        return new Proxy(epoch, v.params(), v.optimizerState(), v.loss(), v.metrics(), v.order());
    }

    /**
     * Refuses a stream that bypasses the proxy.
     *
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("an Epoch is serialized through its proxy");
    }

    /** The serialized form. */
    private record Proxy(int epoch, Params params, OptimizerState optimizerState, double loss,
            LinkedHashMap<String, Double> metrics, Option<DataOrder> order) implements Serializable {
        private Object readResolve() {
            return of(epoch, params, optimizerState, loss, metrics, order);
        }
    }
}
