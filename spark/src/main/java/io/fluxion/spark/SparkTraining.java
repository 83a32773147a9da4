package io.fluxion.spark;

import io.fluxion.nn.Params;
import io.fluxion.optim.OptimizerState;
import io.fluxion.optim.Step;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.Epoch;
import io.fluxion.train.EpochFold;
import io.fluxion.train.Objective;
import io.fluxion.train.TrainState;
import io.fluxion.train.Training;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import io.vavr.control.Option;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The same training fold, data-parallel on Apache Spark, the way Spark MLlib trains its linear
 * models: each step broadcasts the parameters, every partition computes the loss and gradients of
 * its rows with a compiled program (compiled once per executor JVM and block shape), a
 * {@code treeAggregate} adds them up, and the driver applies the optimizer.
 *
 * <pre>{@code
 * SparkTraining st = SparkTraining.of(Training.of(model, Losses::crossEntropy, Optimizers.sgd(0.5)),
 *         rows, "features", "label");
 * Stream<Epoch> epochs = st.epochs();                  // full batch: one step per epoch over all rows
 * Epoch last = EarlyStopping.of(7, 1e-4).apply(epochs).take(100).last();
 * st.close();                                          // unpersists the cached blocks
 * }</pre>
 *
 * <p>The epochs are an {@code io.vavr.collection.Stream<Epoch>} exactly like
 * {@link Training#epochs}: lazy, endless, in order, so early stopping, {@code take}, histories and
 * checkpoints work unchanged. Rows are read once into blocks of examples, cached in executor
 * memory until {@link #close}. Partial sums are added in a fixed order (see {@link PartialSums}),
 * so a run is bit-identical to the next with the same data, partitioning and seed; against
 * single-machine training only the order of summation differs.
 */
public final class SparkTraining implements AutoCloseable {
    private final Training training;
    private final JavaRDD<Block> blocks;
    private final Objective objective;
    /** The objective on the executors: broadcast once, so each executor JVM deserializes and compiles it once. */
    private final Broadcast<Objective> shipped;
    private final Option<LossReduction> reduction;
    /** The first rows, fetched by the call that made this training: the loss's reduction is found on them. */
    private final FirstRows first;

    private SparkTraining(Training training, JavaRDD<Block> blocks, Broadcast<Objective> shipped,
            Option<LossReduction> reduction, FirstRows first) {
        this.training = training;
        this.blocks = blocks;
        this.objective = training.objective();
        this.shipped = shipped;
        this.reduction = reduction;
        this.first = first;
    }

    /** Training on cached blocks, the objective broadcast and checked to load on an executor. */
    private static SparkTraining start(Training training, JavaRDD<Block> blocks, FirstRows first) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
        Broadcast<Objective> shipped = sc.broadcast(training.objective());
        try {
            Shipping.checkLoadable(sc, shipped);
        } catch (RuntimeException e) {
            shipped.destroy();
            throw e;
        }
        return new SparkTraining(training, blocks.persist(StorageLevel.MEMORY_ONLY()), shipped, Option.none(), first);
    }

    /**
     * Training on the rows of a DataFrame: the features column holds {@code array<double>} of one
     * width (an example of shape (width)), the label column {@code double} (shape ()) or
     * {@code array<double>} (shape (width)). Checks the columns and that the model, loss and
     * metrics can be shipped, and (on a cluster) that an executor can load them, at once; rows of
     * another width are named when they are first read, by the first epoch.
     *
     * @throws IllegalArgumentException naming a missing or mistyped column, what cannot be shipped, or that
     *     there are no rows
     * @throws IllegalStateException naming a class the executors cannot load, and which jar to ship
     */
    public static SparkTraining of(Training training, Dataset<Row> rows, String featuresColumn, String labelColumn) {
        Shipping.check(training.objective());
        boolean scalarLabel = Columns.check(rows.schema(), featuresColumn, labelColumn);
        Dataset<Row> two = rows.select(featuresColumn, labelColumn);
        java.util.List<Row> firstRows = Failures.unwrapped(() -> two.takeAsList(FirstRows.COUNT));
        if (firstRows.isEmpty()) {
            throw noRows();
        }
        Row first = firstRows.get(0);
        if (first.isNullAt(0) || first.isNullAt(1)) {
            throw new IllegalArgumentException("SparkTraining: the first row has no value in column '"
                    + (first.isNullAt(0) ? featuresColumn : labelColumn) + "'");
        }
        int width = first.getList(0).size();
        int labelWidth = scalarLabel ? 1 : first.getList(1).size();
        // Spark's own rows, not Row objects: these hold arrays as ArrayData, read without boxing.
        JavaRDD<Block> blocks = two.queryExecution().toRdd().toJavaRDD().mapPartitionsWithIndex(
                Blocks.fromRows(featuresColumn, labelColumn, width, labelWidth, scalarLabel), true);
        return start(training, blocks, FirstRows.ofRows(firstRows, width, labelWidth, scalarLabel));
    }

    /**
     * Training on an RDD of (x, y) examples, all of the shapes of the first (stacked into batches
     * of shape {@code (n) + x.shape} and {@code (n) + y.shape}).
     *
     * @throws IllegalArgumentException naming what cannot be shipped, the first example of another shape,
     *     or that there are no examples
     * @throws IllegalStateException naming a class the executors cannot load, and which jar to ship
     */
    public static SparkTraining of(Training training, JavaRDD<Tuple2<Tensor, Tensor>> examples) {
        Shipping.check(training.objective());
        java.util.List<Tuple2<Tensor, Tensor>> firstPairs = Failures.unwrapped(() -> examples.take(FirstRows.COUNT));
        if (firstPairs.isEmpty()) {
            throw noRows();
        }
        Tuple2<Tensor, Tensor> first = firstPairs.get(0);
        return start(training, examples.mapPartitionsWithIndex(Blocks.fromPairs(first._1.shape(), first._2.shape()),
                true), FirstRows.ofPairs(firstPairs));
    }

    private static IllegalArgumentException noRows() {
        return new IllegalArgumentException("SparkTraining: there are no rows to train on");
    }

    /**
     * Training on an RDD of Scala pairs {@code (x, y)}, as Scala programs make them
     * ({@code sc.parallelize(examples)} of an {@code RDD[(Tensor, Tensor)]}) and Java programs hold
     * them in a {@code JavaPairRDD<Tensor, Tensor>} ({@code pairs.rdd()}): the same as
     * {@link #of(Training, JavaRDD)} with Vavr's pairs.
     *
     * @throws IllegalArgumentException naming what cannot be shipped, or the first example of another shape
     * @throws IllegalStateException naming a class the executors cannot load, and which jar to ship
     */
    public static SparkTraining of(Training training, RDD<scala.Tuple2<Tensor, Tensor>> examples) {
        // One map, fused by Spark into the reading of the blocks, which are cached: paid once.
        return of(training, examples.toJavaRDD().map(p -> new Tuple2<>(p._1(), p._2())));
    }

    /**
     * This training with the loss's reduction given rather than found. By default it is found on
     * the first rows: duplicating every example leaves a mean unchanged and doubles a sum. The two
     * share their cached blocks and broadcast objective: closing either closes both.
     */
    public SparkTraining withLossReduction(LossReduction r) {
        return new SparkTraining(training, blocks, shipped, Option.some(r), first);
    }

    /** Full-batch training: epoch n is one step over every row; lazy and endless. */
    public Stream<Epoch> epochs() {
        return stream(1, training.model().params(), training.optimizer().init(training.model().params()),
                Option.none());
    }

    /**
     * Mini-batch training: each epoch takes ⌈rows / batchSize⌉ steps, each over a seeded sample of
     * every partition with a fraction batchSize / rows of its rows (as MLlib's
     * {@code miniBatchFraction}); the same seed gives the same samples and parameters.
     */
    public Stream<Epoch> epochs(int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("SparkTraining: batchSize must be at least 1, got " + batchSize);
        }
        return stream(1, training.model().params(), training.optimizer().init(training.model().params()),
                Option.some(new MiniBatch(batchSize, seed)));
    }

    /** Releases the cached blocks and the broadcast objective from executor memory; the streams made before stop working. */
    @Override
    public void close() {
        blocks.unpersist(false);
        shipped.destroy();
    }

    private record MiniBatch(int size, long seed) {}

    private Stream<Epoch> stream(int number, Params params, OptimizerState state, Option<MiniBatch> mode) {
        return EpochFold.epochs(number, params, state, (n, start) -> epoch(n, start, mode));
    }

    /**
     * One epoch: its steps, the loss and metrics of each taken before its update and averaged over
     * examples. The first step of the first epoch reads the rows into the cached blocks (naming a
     * bad row before any update); mini-batches count the rows first, to know their fraction.
     * While the loss's reduction is found on the driver (once, on the first rows), the first step
     * runs on the executors, summing with both weightings: finding it compiles the loss on the
     * driver, which would otherwise hold up the first job.
     */
    private Epoch epoch(int number, TrainState start, Option<MiniBatch> mode) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
        CompletableFuture<LossReduction> reducing = reduction.map(CompletableFuture::completedFuture)
                .getOrElse(() -> finding(start.params()));
        try {
            long rows = mode.isEmpty() ? 0 : rows();
            int steps = mode.map(m -> (int) Math.max(1, (rows + m.size() - 1) / m.size())).getOrElse(1);
            double fraction = mode.map(m -> Math.min(1.0, (double) m.size() / rows)).getOrElse(1.0);
            int m = objective.metricNames().size();
            TrainState s = EpochFold.fold(start, objective.metricNames(), steps, (k, at) -> {
                long seed = mode.map(b -> mix(b.seed(), number, k)).getOrElse(0L);
                Option<LossReduction> known = reducing.isDone() ? Option.some(joined(reducing)) : Option.none();
                double[] summed = step(sc, "Fluxion: epoch " + number + ", step " + k + " of " + steps, at.params(),
                        known, fraction, seed);
                LossReduction r = joined(reducing);
                double[] v = summed == null || known.isDefined() ? summed : PartitionSum.of(summed, m, r);
                if (v == null) {
                    if (mode.isEmpty()) {
                        throw noRows(); // every row was read: none there, though the first ones were when this began
                    }
                    return Option.none();
                }
                boolean mean = r == LossReduction.MEAN;
                double n = v[0];
                Params grads = gradients(at.params(), v, 2 + m, mean ? n : 1);
                Step next = training.optimizer().update(grads, at.optimizerState(), at.params());
                return Option.some(new EpochFold.Stepped(next.params(), next.state(), (int) n, mean ? v[1] / n : v[1],
                        List.range(0, m).map(i -> v[2 + i] / n)));
            }, (k, at) -> {});
            return Epoch.of(number, s.params(), s.optimizerState(), s.loss(), s.metrics());
        } catch (RuntimeException | Error e) {
            joined(reducing); // finding the reduction failed: that error comes first, as when it ran before any job
            throw e;
        }
    }

    /** One step's sums over the cluster: [examples, loss, metrics..., gradients...], or null if no row was sampled. */
    private double[] step(JavaSparkContext sc, String description, Params params, Option<LossReduction> reduction,
            double fraction, long seed) {
        Broadcast<Params> values = sc.broadcast(params);
        try {
            PartialSums sums = Failures.job(sc, description, () -> blocks
                    .mapPartitionsWithIndex(new PartitionSum(shipped, values, reduction, fraction, seed), true)
                    .treeAggregate(PartialSums.empty(), PartialSums::add, PartialSums::merge, 2));
            return sums.total();
        } finally {
            values.destroy();
        }
    }

    private static Params gradients(Params like, double[] v, int from, double divisor) {
        Params out = Params.empty();
        int at = from;
        for (var x : like.vars()) {
            Shape s = x.shape();
            double[] g = new double[s.size()];
            for (int i = 0; i < g.length; i++) {
                g[i] = v[at + i] / divisor;
            }
            at += g.length;
            // Summed in double across partitions, then in the parameter's dtype, as its update needs.
            out = out.and(x, Tensor.of(s, g).to(like.get(x).dtype()));
        }
        return out;
    }

    private long rowCount = -1;

    private synchronized long rows() {
        if (rowCount < 0) {
            // Reads every row into the cached blocks: a bad row is named here, before any step.
            double[] total = Failures.job(JavaSparkContext.fromSparkContext(blocks.context()),
                    "Fluxion: reading and counting rows", () -> blocks.mapPartitionsWithIndex(Blocks::count, true)
                            .treeAggregate(PartialSums.empty(), PartialSums::add, PartialSums::merge, 2)).total();
            rowCount = total == null ? 0 : (long) total[0];
            if (rowCount == 0) {
                throw noRows();
            }
        }
        return rowCount;
    }

    /** The loss's reduction, being found on the first rows on a thread of its own; made once. */
    private CompletableFuture<LossReduction> finding;

    private synchronized CompletableFuture<LossReduction> finding(Params params) {
        if (finding == null) {
            CompletableFuture<LossReduction> f = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("fluxion-loss-reduction").start(() -> {
                try {
                    f.complete(first.reduction(objective, params));
                } catch (RuntimeException | Error e) {
                    f.completeExceptionally(e);
                }
            });
            finding = f;
        }
        return finding;
    }

    /** The reduction once found, or the error that finding it threw, as it threw it. */
    private static LossReduction joined(CompletableFuture<LossReduction> reducing) {
        try {
            return reducing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
    }

    /** A seed for one step's samples, well mixed from the user's seed, the epoch and the step (SplitMix64's finaliser). */
    private static long mix(long seed, int epoch, int step) {
        long z = seed + 0x9E3779B97F4A7C15L * (((long) epoch << 32) + step);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The training, for its model and optimizer. */
    public Training training() {
        return training;
    }

    /** The names and shapes of the parameters being trained. */
    @Override
    public String toString() {
        return "SparkTraining(" + training.model() + ")";
    }
}
