package io.fluxion.train;

import io.fluxion.data.Batch;
import io.fluxion.data.Dataset;
import io.fluxion.data.internal.GatherBuffers;
import io.fluxion.data.internal.ReusedBatches;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.nn.Loss;
import io.fluxion.nn.Metric;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizer;
import io.fluxion.optim.OptimizerState;
import io.fluxion.optim.TracedUpdate;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Training as a fold: a {@link #step} is a pure function {@code (state, batch) -> state}, an
 * epoch folds it over the batches, and {@link #epochs} is the lazy, endless stream of epochs,
 * each an immutable {@link Epoch}.
 *
 * <pre>{@code
 * Training training = Training.of(model, Losses::mse, Optimizers.sgd(0.1));
 * Stream<Epoch> epochs = training.epochs(data, 1000);   // nothing runs yet
 * Epoch tenth = epochs.get(9);                          // ten epochs of full-batch descent
 * }</pre>
 *
 * <p>A step runs one compiled program (compiled once per batch shape, see {@link Programs}) giving
 * the loss, the metrics, the updated parameters and the optimizer's state, as
 * {@code jax.jit(train_step)}: the optimizer's update, written once over expressions
 * ({@link Optimizer#trace}), is compiled in; with {@link #sharded()}, as shards of the batch on
 * every core and one program adding their gradients and updating. An epoch
 * gathers its batches into
 * buffers reused from step to step. Same model, data, seed and optimizer give bit-identical
 * parameters, whatever the number of cores. Immutable and thread-safe; the
 * options return copies.
 */
public final class Training {
    private final Model model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final LinkedHashMap<String, Metric> metrics;
    private final Option<Dataset> validation;
    private final boolean checkFinite;
    /** Whether steps run as shards of their batch on every core ({@link #sharded()}). */
    private final boolean sharded;
    private final Programs programs;

    private Training(Model model, Loss loss, Optimizer optimizer, LinkedHashMap<String, Metric> metrics,
            Option<Dataset> validation, boolean checkFinite, boolean sharded, Programs programs) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.metrics = metrics;
        this.validation = validation;
        this.checkFinite = checkFinite;
        this.sharded = sharded;
        this.programs = programs;
    }

    /** Training {@code model} to minimise {@code loss} with {@code optimizer}: {@code Training.of(m, Losses::mse, Optimizers.adam(0.1))}. */
    public static Training of(Model model, Loss loss, Optimizer optimizer) {
        java.util.Objects.requireNonNull(model, "Training: model");
        java.util.Objects.requireNonNull(loss, "Training: loss");
        java.util.Objects.requireNonNull(optimizer, "Training: optimizer");
        return new Training(model, loss, optimizer, LinkedHashMap.empty(), Option.none(), false, false,
                new Programs(model, loss, LinkedHashMap.empty(), Option.some(optimizer)));
    }

    /**
     * This training also reporting a metric, averaged over each epoch's examples, and over the
     * validation data as {@code val_<name>}: {@code training.metric("accuracy", Metrics::accuracy)}.
     *
     * @throws IllegalArgumentException if the name is blank, {@code loss}, starts with {@code val_} or is taken
     */
    public Training metric(String name, Metric metric) {
        if (name.isBlank() || name.equals("loss") || name.startsWith("val_") || metrics.containsKey(name)) {
            throw new IllegalArgumentException("Training.metric: the name '" + name + "' is blank, reserved "
                    + "('loss', 'val_…') or already taken; taken: " + metrics.keySet().mkString(", "));
        }
        LinkedHashMap<String, Metric> more = metrics.put(name, metric);
        return new Training(model, loss, optimizer, more, validation, checkFinite, sharded,
                new Programs(model, loss, more, Option.some(optimizer)));
    }

    /** This training also evaluating the loss and metrics on {@code data} after every epoch, as {@code val_loss}, {@code val_<metric>}. */
    public Training validation(Dataset data) {
        return new Training(model, loss, optimizer, metrics, Option.some(data), checkFinite, sharded, programs);
    }

    /**
     * This training checking every value each step computes: the first NaN or infinity stops
     * training with an {@link ArithmeticException} naming the epoch, the step and the instruction
     * (from {@code Program.run(bindings, true)}). Costs a pass over every intermediate value.
     */
    public Training checkFinite() {
        return new Training(model, loss, optimizer, metrics, validation, true, sharded, programs);
    }

    /**
     * This training running each step of a batch of 64 to 1,024 rows as shards of the batch on
     * every core, as data-parallel training does on several devices: the shards' losses, metrics
     * and gradients at once, then one program that adds the gradients in a fixed tree order and
     * updates. Used for a batch shape only where the shards add up to the batch (a loss that is a
     * mean or a sum over examples, metrics that are means), which the first batch of the shape is
     * checked for against the whole batch's step. The bits depend on the batch size, never on the
     * number of cores, and differ from the unsharded step's in the last places. Off by default:
     * on the 2-core machine of the README's figures it made recipe S4's epoch 1.4 times and the
     * MLP's 1.04 times as long (copying each shard's rows, waking a second thread each step and a
     * second program outweigh the halved products; large products already run on every core);
     * measure it on yours.
     */
    public Training sharded() {
        return new Training(model, loss, optimizer, metrics, validation, checkFinite, true, programs);
    }

    /** The compiled programs, for tests that ask which form a step takes. */
    Programs programs() {
        return programs;
    }

    /** The model being trained, with its initial parameters. */
    public Model model() {
        return model;
    }

    /**
     * What each step evaluates (model, loss, metrics), as a value that can be shipped to other machines.
     *
     * @throws IllegalArgumentException for a model that trains with keys (a {@link io.fluxion.nn.Dropout}
     *     layer): an objective evaluates steps without the keys each step binds, so it cannot ship it
     */
    public Objective objective() {
        return Objective.of(model, loss, metrics);
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The state before the first step: the model's parameters and the optimizer's initial state. */
    public TrainState start() {
        return TrainState.start(model.params(), optimizer.init(model.params()));
    }

    /**
     * One step, pure: the loss and gradients at {@code state}'s parameters on {@code batch}, then
     * the optimizer's update: {@code s = training.step(s, batch)}. A model that trains with keys
     * (a {@link io.fluxion.nn.Dropout} layer) draws the numbers of step {@code batch.index() + 1} of
     * epoch 1, as the first epoch of {@link #epochs} does.
     *
     * @throws io.fluxion.tensor.ShapeException if the loss or a metric is not a scalar, or the batch does not fit the model
     * @throws ArithmeticException with {@link #checkFinite()}, at the first NaN or infinity
     */
    public TrainState step(TrainState state, Batch batch) {
        EpochFold.Stepped d = step(state, batch, stepKey(1, batch.index() + 1), false, null,
                () -> "Training.step: batch " + batch.index());
        return state.next(d.params(), d.state(), d.examples(), d.loss(), metrics.keySet().toList(), d.metrics());
    }

    /**
     * One step: the step's program (or its shards and their update program, with
     * {@link #sharded()}), which computes the loss, the metrics, the new parameters and the
     * optimizer's outputs; with {@link #checkFinite()} the same program, checking every value. A
     * reused batch (from {@link ReusedBatches}) is overwritten after the step, so an
     * output that is the batch itself is copied. With {@code buffers} (not null), the step writes
     * its outputs there, and the state it returns holds views of them. A model that trains with
     * keys reads the keys of {@code stepKey}'s examples.
     */
    private EpochFold.Stepped step(TrainState state, Batch batch, Option<Tensor> stepKey, boolean reused,
            StepBuffers buffers, Supplier<String> where) {
        Shape xs = batch.x().shape();
        Shape ys = batch.y().shape();
        Option<ShardedStep> sharded = checkFinite || !this.sharded ? Option.none()
                : programs.sharded(state.params(), batch, stepKey);
        Option<Programs.Compiled> fused = sharded.isDefined() ? Option.none() : programs.fused(xs, ys);
        TracedUpdate u = sharded.isDefined() ? sharded.get().symbolic() : fused.get().update().get();
        List<Tensor> inputs;
        try {
            inputs = u.bind(state.optimizerState(), state.params().dtype().getOrElse(DType.FLOAT64));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where.get() + ": " + e.getMessage(), e);
        }
        List<Tensor> out = sharded.isDefined() ? sharded.get().run(state.params(), batch, stepKey, inputs, buffers)
                : run(fused.get(), state.params(), batch, stepKey, reused, u.inputs().zip(inputs), buffers, where);
        int m = metrics.size();
        int n = u.updates().size();
        Params params = state.params().vars().zip(out.drop(1 + m).take(n))
                .foldLeft(Params.empty(), (p, vt) -> p.and(vt._1, vt._2));
        OptimizerState next = u.next(state.optimizerState(), out.drop(1 + m + n));
        checkDTypes(state.params(), params, batch);
        return new EpochFold.Stepped(params, next, batch.size(), out.head().item(), out.drop(1).take(m).map(Tensor::item));
    }

    /**
     * Refuses a step that changed a parameter's dtype: float32 parameters meeting float64 data
     * (or a float64 number an optimizer binds) compute in float64, as NumPy promotes, and would
     * come out float64; PyTorch refuses such a step too.
     */
    private static void checkDTypes(Params before, Params after, Batch batch) {
        for (Var v : before.vars()) {
            DType was = before.get(v).dtype();
            DType now = after.get(v).dtype();
            if (was != now) {
                String why = batch.x().dtype() != was || batch.y().dtype() != was
                        ? "the batch's x is " + batch.x().dtype() + " and y " + batch.y().dtype() + ", and a step computes "
                                + "in the widest dtype it meets; give data of the parameters' dtype (data.to(DType."
                                + was.name() + ")) or convert the model (model.to(DType." + now.name() + "))"
                        : "the data is " + was + " too, so the optimizer's update widened it: a float64 tensor in its "
                                + "state, or a constant of another dtype in its update";
                throw new IllegalArgumentException("Training: parameter " + v.name() + " is " + was
                        + " but the step made it " + now + ": " + why);
            }
        }
    }

    /** The key of step {@code step} of epoch {@code epoch}, for a model that trains with keys. */
    private Option<Tensor> stepKey(int epoch, int step) {
        return model.trainsWithKeys() ? Option.some(StepKeys.of(epoch, step)) : Option.none();
    }

    private List<Tensor> run(Programs.Compiled c, Params params, Batch batch, Option<Tensor> stepKey, boolean reused,
            List<Tuple2<Var, Tensor>> more, StepBuffers buffers, Supplier<String> where) {
        Bindings b = c.bind(Bindings.of(params.toMap()), batch.x(), batch.y(), stepKey, 0);
        for (Tuple2<Var, Tensor> vt : more) {
            b = b.and(vt._1, vt._2);
        }
        List<Tensor> out;
        try {
            if (buffers != null) {
                Buffer[] into = buffers.next(c, b);
                c.program().runInto(b, checkFinite, into);
                // Written into buffers of the epoch's own, so the batch's buffers are never handed on.
                return List.of(into).map(Storage::view);
            }
            out = c.program().run(b, checkFinite);
        } catch (ArithmeticException e) {
            ArithmeticException named = new ArithmeticException(where.get() + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
        // A program hands an input back as it is when an output is that input: the next batch
        // overwrites a reused one, so such an output is copied.
        return reused ? out.map(t -> t == batch.x() || t == batch.y() ? copy(t) : t) : out;
    }

    private static Tensor copy(Tensor t) {
        Buffer b = Buffer.of(t.shape(), t.dtype());
        b.set(t);
        return Storage.view(b);
    }

    /**
     * The epochs of training on {@code data} in batches of {@code batchSize} in the data's order,
     * lazy and endless: nothing runs until an epoch's values are read, and epoch n runs after
     * epoch n - 1. A Vavr stream keeps what it computed while its head is referenced.
     */
    public Stream<Epoch> epochs(Dataset data, int batchSize) {
        return stream(data, batchSize, Option.none(), 1, model.params(), optimizer.init(model.params()));
    }

    /**
     * As {@link #epochs(Dataset, int)}, with the data shuffled anew for each epoch: epoch e uses
     * {@code data.epoch(batchSize, Seeds.forEpoch(seed, e))}, the e-th SplitMix64 output of seed.
     */
    public Stream<Epoch> epochs(Dataset data, int batchSize, long seed) {
        return stream(data, batchSize, Option.some(seed), 1, model.params(), optimizer.init(model.params()));
    }

    /**
     * The epochs that continue a checkpoint written by {@link Checkpoint#save(Epoch, Path)} from
     * {@code epochs(data, batchSize, seed)}: after a checkpoint of epoch 5, the first is epoch 6,
     * and they are bit for bit the epochs 6, 7, … of the run that was saved, as Keras's
     * {@code BackupAndRestore} or a PyTorch loop reloading its model and optimizer state dicts.
     *
     * <pre>{@code Stream<Epoch> more = training.resume(Path.of("run.npz"), data, 100, 7L);}</pre>
     *
     * @throws IllegalArgumentException naming the file and what does not fit: parameters or
     *     optimizer state of another model or optimizer, or of another dtype (a float32 checkpoint
     *     resumed by a float64 training), a file of parameters only, or another seed, batch size or
     *     number of examples than the run that was saved (which would not continue it)
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public Stream<Epoch> resume(Path file, Dataset data, int batchSize, long seed) {
        return resume(file, data, batchSize, Option.some(seed));
    }

    /** As {@link #resume(Path, Dataset, int, long)}, for a run of {@code epochs(data, batchSize)}, in the data's order. */
    public Stream<Epoch> resume(Path file, Dataset data, int batchSize) {
        return resume(file, data, batchSize, Option.none());
    }

    private Stream<Epoch> resume(Path file, Dataset data, int batchSize, Option<Long> seed) {
        checkBatchSize(batchSize);
        Checkpoint.Loaded loaded = Checkpoint.read(file, this);
        if (loaded.converted().isDefined()) {
            throw new IllegalArgumentException("Training.resume: " + file + " was saved from a run of other dtypes: "
                    + loaded.converted().get() + "; resuming would not continue it bit for bit. Train the model "
                    + "in the checkpoint's dtype (model.to(DType.…) and data.to(DType.…)), or start from its "
                    + "parameters and optimizer state deliberately, converted, with "
                    + "epochsAfter(Checkpoint.loadEpoch(file, training), …)");
        }
        Epoch last = loaded.epoch();
        DataOrder now = new DataOrder(seed, batchSize, data.size());
        if (last.order().isDefined() && !last.order().get().equals(now)) {
            throw new IllegalArgumentException("Training.resume: " + file + " was saved from a run with "
                    + last.order().get().describe() + "; resuming with " + now.describe() + " would not continue it. "
                    + "Pass the same ones, or start from its parameters and optimizer state deliberately with "
                    + "epochsAfter(Checkpoint.loadEpoch(file, training), …)");
        }
        return epochsAfter(last, data, batchSize, seed);
    }

    /** The epochs after {@code last}, continuing from its parameters and optimizer state, numbered on. */
    public Stream<Epoch> epochsAfter(Epoch last, Dataset data, int batchSize, Option<Long> seed) {
        return stream(data, batchSize, seed, last.epoch() + 1, last.params(), last.optimizerState());
    }

    private Stream<Epoch> stream(Dataset data, int batchSize, Option<Long> seed, int number, Params params,
            OptimizerState state) {
        checkBatchSize(batchSize);
        // The batches' buffers, kept from epoch to epoch of this stream: only its first epoch allocates them.
        GatherBuffers gathered = new GatherBuffers();
        return EpochFold.epochs(number, params, state, (n, start) -> epoch(n, start, data, batchSize, seed,
                StepListener.NONE, gathered));
    }

    /**
     * One epoch folded from {@code start}, its batches gathered into {@code gathered} (kept by the
     * caller from epoch to epoch), reporting each step to {@code listener}, then validated.
     */
    Epoch epoch(int number, TrainState start, Dataset data, int batchSize, Option<Long> seed, StepListener listener,
            GatherBuffers gathered) {
        int steps = (data.size() + batchSize - 1) / batchSize;
        if (steps == 0) {
            throw new IllegalArgumentException("Training: epoch " + number + " has no examples to train on");
        }
        // The batches of data.epoch(batchSize, seed) (or data.batches(batchSize)), gathered into
        // buffers reused from step to step: a step is done with its batch before the next is asked for.
        java.util.Iterator<Batch> batches = ReusedBatches.of(
                seed.isDefined() ? data.shuffle(Seeds.forEpoch(seed.get(), number)) : data, batchSize, false, gathered);
        // Buffers of this epoch alone: the set its last step wrote is never written again, so the
        // epoch can hand out the tensors in it.
        StepBuffers buffers = new StepBuffers();
        // The batch and loss of the step in progress, for the listener, which sees the batch while it is valid.
        Batch[] batch = new Batch[1];
        double[] loss = new double[1];
        TrainState s = EpochFold.fold(start, metrics.keySet().toList(), steps, (k, state) -> {
            batch[0] = batches.next();
            EpochFold.Stepped d = step(state, batch[0], stepKey(number, k), true, buffers,
                    () -> "Training: epoch " + number + ", step " + k + " of " + steps);
            loss[0] = d.loss();
            return Option.some(d);
        }, (k, state) -> listener.stepped(k, steps, batch[0], loss[0], state));
        LinkedHashMap<String, Double> reported = s.metrics();
        if (validation.isDefined()) {
            reported = reported.merge(evaluate(s.params(), validation.get(), batchSize, listener)
                    .mapKeys(k -> "val_" + k));
        }
        return Epoch.of(number, s.params(), s.optimizerState(), s.loss(), reported,
                Option.some(new DataOrder(seed, batchSize, data.size())));
    }

    /**
     * The loss and metrics of {@code params} on {@code data}, in batches of {@code batchSize},
     * averaged over the examples: {@code {loss: 0.31, accuracy: 0.91}} (Keras's {@code evaluate}).
     */
    public LinkedHashMap<String, Double> evaluate(Params params, Dataset data, int batchSize) {
        return evaluate(params, data, batchSize, StepListener.NONE);
    }

    /** {@link #evaluate(Params, Dataset, int)}, telling {@code listener} each batch's loss. */
    private LinkedHashMap<String, Double> evaluate(Params params, Dataset data, int batchSize, StepListener listener) {
        checkBatchSize(batchSize);
        int batches = (data.size() + batchSize - 1) / batchSize;
        RunningMeans means = RunningMeans.NONE;
        List<String> names = metrics.keySet().toList();
        for (java.util.Iterator<Batch> it = ReusedBatches.of(data, batchSize, false); it.hasNext(); ) {
            Batch b = it.next();
            List<Tensor> out = run(programs.evaluation(b.x().shape(), b.y().shape()), params, b, Option.none(), true,
                    List.empty(),
                    null, () -> "Training.evaluate: batch " + (b.index() + 1) + " of " + batches);
            means = means.add(b.size(), out.head().item(), names, out.tail().map(Tensor::item));
            listener.evaluated(b.index() + 1, batches, b, out.head().item());
        }
        return LinkedHashMap.of("loss", means.loss()).merge(means.metrics());
    }

    /** {@link #fit(Dataset, int, int, FitOptions)} with the default options: in order, printing to standard output. */
    public List<Epoch> fit(Dataset data, int epochs, int batchSize) {
        return fit(data, epochs, batchSize, FitOptions.defaults());
    }

    /**
     * Keras's {@code fit}: trains for {@code epochs} epochs and returns them, printing one line per
     * epoch ({@code Epoch 3/10 - loss: 0.1234 - val_accuracy: 0.9100}) when verbose, and a progress
     * bar within epochs on a terminal ({@link FitOptions#progress(Progress)}): {@code training.fit(train, 5, 100, FitOptions.defaults().seed(0L).validation(test))}.
     */
    public List<Epoch> fit(Dataset data, int epochs, int batchSize, FitOptions options) {
        checkBatchSize(batchSize);
        return Fit.run(options.validation().isDefined() ? validation(options.validation().get()) : this,
                data, epochs, batchSize, options);
    }

    private static void checkBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Training: batchSize must be at least 1, got " + batchSize);
        }
    }

    /**
     * Told after each step of an epoch and each batch of its validation, while the batch is
     * valid (its buffers are reused after the call), for progress bars and divergence checks.
     */
    interface StepListener {
        /** Listens to nothing. */
        StepListener NONE = (step, steps, batch, loss, state) -> {};

        /** After step {@code step} (from 1) of {@code steps}, whose batch had loss {@code loss} and which led to {@code state}. */
        void stepped(int step, int steps, Batch batch, double loss, TrainState state);

        /** After validation batch {@code number} (from 1) of {@code batches}, whose loss was {@code loss}. */
        default void evaluated(int number, int batches, Batch batch, double loss) {}
    }
}
