package io.fluxion.train;

import io.fluxion.data.Npz;
import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.fluxion.optim.OptimizerState;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Path;

/**
 * Parameters, or a whole point of training, saved to and loaded from NumPy {@code .npz} files,
 * one array per variable named by the variable's name, so that {@code numpy.load} reads them too.
 *
 * <pre>{@code
 * Checkpoint.save(epoch.params(), Path.of("my_checkpoint.npz"));
 * Params back = Checkpoint.load(Path.of("my_checkpoint.npz"), model.params());
 *
 * Checkpoint.save(epoch, Path.of("run.npz"));                           // also the optimizer's state and the epoch
 * Stream<Epoch> more = training.resume(Path.of("run.npz"), data, 100, 7L);   // epoch 6 after a checkpoint of epoch 5
 * }</pre>
 *
 * <p>A checkpoint of an {@link Epoch} holds, besides the parameters, the optimizer's state
 * (entries {@code optimizer:…}, such as {@code optimizer:0.mu.W}, Adam's first moment of W) and
 * what resuming needs (entries {@code training:…}: the epoch number, its loss and metrics, and,
 * for epochs {@link Training} made, the shuffling seed, the batch size and the number of examples),
 * so that training resumed from it continues bit for bit as if it had never stopped.
 *
 * <p>Each tensor is saved in its dtype ({@code '<f4'} for float32, {@code '<f8'} for float64), so a
 * float32 run saves and loads float32, bit for bit. Loading converts what it reads to the dtypes
 * of the parameters (and optimizer state) it loads into, as PyTorch's {@code load_state_dict}
 * copies into the model's tensors and casts an optimizer's state to its parameters' dtype: a
 * float32 checkpoint loads into a float64 model exactly, a float64 one into a float32 model
 * rounded. {@link Training#resume} instead refuses a checkpoint of other dtypes than its own,
 * since it promises to continue the saved run bit for bit.
 *
 * <p>Writing is atomic ({@link Npz#write}): a failed save leaves any previous file as it was.
 */
public final class Checkpoint {
    private static final String TRAINING = "training:";
    private static final String EPOCH = TRAINING + "epoch";
    private static final String LOSS = TRAINING + "loss";
    private static final String METRIC = TRAINING + "metric.";
    private static final String SEED = TRAINING + "seed";
    private static final String BATCH_SIZE = TRAINING + "batch_size";
    private static final String EXAMPLES = TRAINING + "examples";

    private Checkpoint() {}

    /**
     * Writes every parameter under its variable's name.
     *
     * @throws IllegalArgumentException if two variables share a name (a file could not tell them
     *     apart) or a name starts with {@code optimizer:} or {@code training:}
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public static void save(Params params, Path file) {
        checkNames("Checkpoint.save", params, file);
        Npz.write(file, params.toMap().mapKeys(Var::name));
    }

    /**
     * Writes an epoch's parameters, its optimizer state and what resuming it needs (see the class
     * comment), for {@link Training#resume}: {@code Checkpoint.save(epochs.get(4), Path.of("run.npz"))}.
     *
     * @throws IllegalArgumentException as {@link #save(Params, Path)}
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public static void save(Epoch epoch, Path file) {
        checkNames("Checkpoint.save", epoch.params(), file);
        LinkedHashMap<String, Tensor> entries = epoch.params().toMap().mapKeys(Var::name)
                .merge(StateEntries.flatten(epoch.optimizerState()))
                .put(EPOCH, Tensor.scalar(epoch.epoch()))
                .put(LOSS, Tensor.scalar(epoch.loss()))
                .merge(epoch.metrics().map((name, v) -> io.vavr.Tuple.of(METRIC + name, Tensor.scalar(v))));
        if (epoch.order().isDefined()) {
            DataOrder o = epoch.order().get();
            entries = entries.put(BATCH_SIZE, Tensor.scalar(o.batchSize())).put(EXAMPLES, Tensor.scalar(o.examples()));
            if (o.seed().isDefined()) {
                // A long does not fit a float64: its two halves, each an unsigned 32-bit number, do.
                long s = o.seed().get();
                entries = entries.put(SEED, Tensor.vector(s >>> 32, s & 0xFFFFFFFFL));
            }
        }
        Npz.write(file, entries);
    }

    /**
     * Reads the values of the variables of {@code like}, matched by name, and returns them as
     * {@code like}'s variables (the same {@link Var}s, so the model's forward function reads them),
     * each converted to the dtype of {@code like}'s value, as {@code load_state_dict} does.
     * Strict, as PyTorch's {@code load_state_dict}: the file must hold exactly these names (besides
     * the {@code optimizer:} and {@code training:} entries of an epoch's checkpoint, which are left aside).
     *
     * @throws IllegalArgumentException naming the file and the variable when one is missing, has
     *     another shape, or the file holds a variable {@code like} lacks
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static Params load(Path file, Params like) {
        checkNames("Checkpoint.load", like, file);
        return params(file, Npz.read(file), like);
    }

    /**
     * The epoch saved by {@link #save(Epoch, Path)}, with {@code training}'s variables, its
     * optimizer state rebuilt on the state {@code training}'s optimizer makes, and its number,
     * loss and metrics: {@code training.epochsAfter(Checkpoint.loadEpoch(file, training), data, 100, Option.some(7L))}.
     * Parameters and state are converted to the dtypes of the training's model and of the state
     * its optimizer makes for them (see the class comment).
     *
     * @throws IllegalArgumentException naming the file and what does not fit: a parameter (as
     *     {@link #load}), the optimizer state of another optimizer or of other shapes, or a file
     *     holding parameters only
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static Epoch loadEpoch(Path file, Training training) {
        return read(file, training).epoch();
    }

    /**
     * An epoch's checkpoint as {@link #loadEpoch} reads it, and, when an entry had another dtype
     * than the training's (and was converted), a sentence naming the first such entry.
     */
    record Loaded(Epoch epoch, Option<String> converted) {}

    /** {@link #loadEpoch}, telling what it converted. */
    static Loaded read(Path file, Training training) {
        Params like = training.model().params();
        checkNames("Checkpoint.loadEpoch", like, file);
        LinkedHashMap<String, Tensor> saved = Npz.read(file);
        Params params = params(file, saved, like);
        Option<Tensor> number = saved.get(EPOCH);
        if (number.isEmpty()) {
            throw new IllegalArgumentException("Checkpoint.loadEpoch: " + file + " holds parameters only (written by "
                    + "Checkpoint.save(Params, Path)); resuming needs the checkpoint of an epoch, written by "
                    + "Checkpoint.save(Epoch, Path), which also holds the optimizer's state");
        }
        OptimizerState template = training.optimizer().init(params);
        OptimizerState state = StateEntries.restore(template, saved.filterKeys(StateEntries::isStateEntry), file);
        LinkedHashMap<String, Double> metrics = saved.filterKeys(k -> k.startsWith(METRIC))
                .map((k, v) -> io.vavr.Tuple.of(k.substring(METRIC.length()), v.item()));
        Epoch epoch = Epoch.of(count(file, EPOCH, number.get()), params, state, saved.get(LOSS).map(Tensor::item)
                .getOrElse(Double.NaN), metrics, order(file, saved));
        LinkedHashMap<String, Tensor> expected = like.toMap().mapKeys(Var::name).merge(StateEntries.flatten(template));
        Option<String> converted = expected.find(e -> saved.get(e._1).get().dtype() != e._2.dtype())
                .map(e -> "'" + e._1 + "' is " + saved.get(e._1).get().dtype() + " in the file and " + e._2.dtype()
                        + " in this training");
        return new Loaded(epoch, converted);
    }

    /** The data order a checkpoint records, if it records one. */
    private static Option<DataOrder> order(Path file, LinkedHashMap<String, Tensor> saved) {
        if (saved.get(BATCH_SIZE).isEmpty()) {
            return Option.none();
        }
        Option<Long> seed = saved.get(SEED).map(t -> {
            if (!t.shape().equals(Shape.vector(2))) {
                throw new IllegalArgumentException("Checkpoint: in " + file + ", '" + SEED + "' has shape " + t.shape()
                        + "; it holds a seed's two 32-bit halves, shape (2)");
            }
            return whole(file, SEED, Tensor.scalar(t.get(0)), 0xFFFFFFFFL) << 32
                    | whole(file, SEED, Tensor.scalar(t.get(1)), 0xFFFFFFFFL);
        });
        Tensor examples = saved.get(EXAMPLES).getOrElseThrow(() -> new IllegalArgumentException(
                "Checkpoint: " + file + " has '" + BATCH_SIZE + "' but not '" + EXAMPLES + "'"));
        return Option.some(new DataOrder(seed, count(file, BATCH_SIZE, saved.get(BATCH_SIZE).get()),
                count(file, EXAMPLES, examples)));
    }

    /** A positive int saved as a scalar, or an error naming the entry. */
    private static int count(Path file, String entry, Tensor t) {
        long v = whole(file, entry, t, Integer.MAX_VALUE);
        if (v < 1) {
            throw new IllegalArgumentException("Checkpoint: in " + file + ", '" + entry + "' holds " + v
                    + " where a count from 1 is expected");
        }
        return (int) v;
    }

    /** A whole number from 0 to {@code max} saved as a scalar, or an error naming the entry. */
    private static long whole(Path file, String entry, Tensor t, long max) {
        double v = t.shape().size() == 1 ? t.toArray()[0] : Double.NaN;
        if (!(v >= 0 && v <= max && v == Math.rint(v))) {
            throw new IllegalArgumentException("Checkpoint: in " + file + ", '" + entry + "' holds "
                    + (t.shape().size() == 1 ? String.valueOf(v) : "an array of shape " + t.shape())
                    + " where a whole number from 0 to " + max + " is expected");
        }
        return (long) v;
    }

    private static Params params(Path file, LinkedHashMap<String, Tensor> saved, Params like) {
        LinkedHashMap<String, Tensor> arrays = saved.filterKeys(k -> !isReserved(k));
        Params out = Params.empty();
        for (Var v : like.vars()) {
            Option<Tensor> t = arrays.get(v.name());
            if (t.isEmpty()) {
                throw new IllegalArgumentException("Checkpoint.load: " + file + " has no variable '" + v.name() + "' "
                        + v.shape() + "; it holds " + describe(arrays));
            }
            if (!t.get().shape().equals(v.shape())) {
                throw new IllegalArgumentException("Checkpoint.load: in " + file + ", variable '" + v.name()
                        + "' has shape " + t.get().shape() + " but the parameters need " + v.shape());
            }
            out = out.and(v, t.get().to(like.get(v).dtype()));
        }
        List<String> extra = arrays.keySet().toList().filter(n -> !like.vars().exists(v -> v.name().equals(n)));
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException("Checkpoint.load: " + file + " holds variables the parameters lack: "
                    + extra.mkString(", ") + "; is it the checkpoint of another model?");
        }
        return out;
    }

    private static boolean isReserved(String name) {
        return StateEntries.isStateEntry(name) || name.startsWith(TRAINING);
    }

    private static void checkNames(String who, Params params, Path file) {
        List<String> names = params.vars().map(Var::name);
        List<String> repeated = names.filter(n -> names.count(n::equals) > 1).distinct();
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException(who + ": " + file + ": several variables are named "
                    + repeated.mkString(", ") + ", so a file cannot tell them apart; give them distinct names "
                    + "(Sequential renames its layers' repeated names; Model.renamed renames any)");
        }
        List<String> reserved = names.filter(Checkpoint::isReserved);
        if (!reserved.isEmpty()) {
            throw new IllegalArgumentException(who + ": " + file + ": the variable names " + reserved.mkString(", ")
                    + " start with '" + StateEntries.ROOT + "' or '" + TRAINING + "', which checkpoints keep for "
                    + "the optimizer's state and the epoch; rename them (Model.renamed)");
        }
    }

    private static String describe(LinkedHashMap<String, Tensor> saved) {
        return saved.isEmpty() ? "nothing" : saved.map(e -> e._1 + " " + e._2.shape()).mkString(", ");
    }
}
