package io.fluxion.data;

import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Examples for training: inputs x and targets y, one example per index of their first axis.
 *
 * <p>A dataset holds the full x and y once plus a view: which rows, in which order. Shuffling,
 * splitting, folding and taking make new views (an int per example) and copy no data; only a
 * {@link Batch}, or {@link #x()}/{@link #y()} of a view, materialises rows. {@link Mnist}'s
 * datasets keep their pixels as the bytes they are (47 MB for the training images rather than
 * 376 MB of doubles) and convert the rows of each batch, as {@code tf.data} pipelines do.
 *
 * <pre>{@code
 * var parts = Dataset.of(x, y).shuffle(42).split(0.8);
 * for (Batch b : parts._1.epoch(32, epochSeed)) { ... }
 * }</pre>
 *
 * <p>Serialising (e.g. to Spark executors) writes only the rows of the view.
 */
public final class Dataset implements Serializable {

    // A class rather than a record: the index view is private, and x() and y() materialise it.
    // The fields are transient because the class serialises through its Proxy.
    private final transient Rows x;
    private final transient Rows y;
    private final transient int[] rows;

    static {
        io.fluxion.data.internal.ReusedBatches.set(Dataset::reusedBatches);
        // Data to train or evaluate on means matrix products to come: the native BLAS loads
        // meanwhile, on a thread of its own (see Preload).
        io.fluxion.tensor.internal.Preload.products();
    }

    private Dataset(Rows x, Rows y, int[] rows) {
        this.x = x;
        this.y = y;
        this.rows = rows;
    }

    /**
     * The examples {@code x[i], y[i]} for every index i of the first axis (no copy is made).
     *
     * @throws ShapeException if x or y is a scalar or their first dimensions differ
     */
    public static Dataset of(Tensor x, Tensor y) {
        checkPair("Dataset.of", x, y);
        return of(new Rows.Dense(x), new Rows.Dense(y));
    }

    /** Every example of the rows x and y, whose shapes {@link #checkPair} has accepted. */
    static Dataset of(Rows x, Rows y) {
        checkPair("Dataset.of", x.shape(), y.shape());
        int[] all = new int[x.shape().dim(0)];
        Arrays.setAll(all, i -> i);
        return new Dataset(x, y, all);
    }

    /** Refuses a pair of tensors that do not hold one example per index of a shared first axis. */
    static void checkPair(String where, Tensor x, Tensor y) {
        java.util.Objects.requireNonNull(x, where + ": x");
        java.util.Objects.requireNonNull(y, where + ": y");
        checkPair(where, x.shape(), y.shape());
    }

    private static void checkPair(String where, Shape x, Shape y) {
        if (x.rank() == 0 || y.rank() == 0) {
            throw new ShapeException(where + ": x has shape " + x + " and y has shape " + y
                    + "; both need at least one axis, with the examples along the first");
        }
        if (x.dim(0) != y.dim(0)) {
            throw new ShapeException(where + ": x has shape " + x + " and y has shape " + y
                    + "; they need the same first dimension, one example per index");
        }
    }

    /** The number of examples. */
    public int size() {
        return rows.length;
    }

    /**
     * The inputs of this dataset's examples, in its order; a view's rows are copied out on each
     * call. When the inputs are kept as bytes ({@link Mnist}'s pixels), each call makes new
     * numbers, 8 bytes per element in float64 (4 in float32): 376 MB for MNIST's 60,000 training
     * images, where batches take a few rows at a time.
     */
    public Tensor x() {
        return isWhole() ? x.all() : x.take(rows);
    }

    /** The targets of this dataset's examples, in its order; a view's rows are copied out on each call. */
    public Tensor y() {
        return isWhole() ? y.all() : y.take(rows);
    }

    /**
     * The same examples with x and y as tensors of {@code dtype}, as PyTorch's
     * {@code tensor.to(torch.float32)}: {@code Mnist.load(dir).train().to(DType.FLOAT32)}. Tensors
     * are converted once, whole (the rows other views share too), rounding to nearest for
     * float32; bytes ({@link Mnist}'s pixels) stay bytes and become float32 per batch, straight
     * from the bytes. Batches then have this dtype, and training computes in it. This dataset
     * itself if it has that dtype already.
     */
    public Dataset to(DType dtype) {
        java.util.Objects.requireNonNull(dtype, "Dataset.to: dtype");
        Rows cx = x.to(dtype);
        Rows cy = y.to(dtype);
        return cx == x && cy == y ? this : new Dataset(cx, cy, rows);
    }

    /** The dtype of the inputs x, which batches have: float64 unless converted with {@link #to}. */
    public DType dtype() {
        return x.dtype();
    }

    /** The same examples in an order drawn from {@code seed}: equal seeds give equal orders on any JVM. */
    public Dataset shuffle(long seed) {
        return new Dataset(x, y, Shuffle.permute(rows, seed));
    }

    /** Consecutive batches of {@code batchSize} examples; the last one may be smaller. */
    public Stream<Batch> batches(int batchSize) {
        return batches(batchSize, false);
    }

    /**
     * Consecutive batches of {@code batchSize} examples, each materialised only when the stream
     * reaches it. With {@code dropLast} a final smaller batch is left out (none at all when
     * {@code batchSize > size()}). A Vavr stream remembers what it has computed: iterate it rather
     * than keep its head, so that visited batches can be collected.
     */
    public Stream<Batch> batches(int batchSize, boolean dropLast) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batches: batchSize must be at least 1, got " + batchSize);
        }
        int n = rows.length;
        int count = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
        return Stream.range(0, count).map(i -> {
            int[] r = Arrays.copyOfRange(rows, i * batchSize, Math.min(n, (i + 1) * batchSize));
            return new Batch(x.take(r), y.take(r), i);
        });
    }

    /**
     * The batches of {@link #batches(int, boolean)} gathered into reused buffers, for training's
     * epochs only (a batch is overwritten by the next), so not API: Fluxion reaches it through
     * {@code io.fluxion.data.internal.ReusedBatches}.
     */
    private java.util.Iterator<Batch> reusedBatches(int batchSize, boolean dropLast,
            io.fluxion.data.internal.GatherBuffers buffers) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("reusedBatches: batchSize must be at least 1, got " + batchSize);
        }
        return new GatheredBatches(x, y, rows, batchSize, dropLast, buffers);
    }

    /** One epoch: {@code shuffle(seed).batches(batchSize)}; vary the seed from epoch to epoch. */
    public Stream<Batch> epoch(int batchSize, long seed) {
        return shuffle(seed).batches(batchSize);
    }

    /**
     * The first {@code round(trainFraction * size())} examples and the rest, in this order
     * (shuffle first for a random split): {@code d.shuffle(1).split(0.8)}.
     *
     * @throws IllegalArgumentException unless the fraction is in (0, 1) and leaves both parts non-empty
     */
    public Tuple2<Dataset, Dataset> split(double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("split: trainFraction must be strictly between 0 and 1, got "
                    + trainFraction);
        }
        long trainCount = Math.round(trainFraction * rows.length);
        if (trainCount < 1 || trainCount >= rows.length) {
            throw new IllegalArgumentException("split: trainFraction " + trainFraction + " of " + rows.length
                    + " examples gives " + trainCount + " for training, leaving one part empty");
        }
        return split((int) trainCount);
    }

    /**
     * The first {@code trainCount} examples and the rest, in this order.
     *
     * @throws IllegalArgumentException unless {@code 1 <= trainCount < size()}
     */
    public Tuple2<Dataset, Dataset> split(int trainCount) {
        if (trainCount < 1 || trainCount >= rows.length) {
            throw new IllegalArgumentException("split: trainCount must be between 1 and " + (rows.length - 1)
                    + " for " + rows.length + " examples, got " + trainCount);
        }
        return Tuple.of(view(0, trainCount), view(trainCount, rows.length));
    }

    /**
     * {@code k} (train, validation) pairs for cross-validation, as scikit-learn's {@code KFold(k)}
     * without shuffling: fold i validates on the i-th consecutive block (the first
     * {@code size() % k} blocks have one extra example) and trains on the others, in order.
     *
     * @throws IllegalArgumentException unless {@code 2 <= k <= size()}
     */
    public List<Tuple2<Dataset, Dataset>> folds(int k) {
        if (k < 2 || k > rows.length) {
            throw new IllegalArgumentException("folds: k must be between 2 and the " + rows.length
                    + " examples, got " + k);
        }
        int n = rows.length;
        return List.range(0, k).map(i -> {
            int from = i * (n / k) + Math.min(i, n % k);
            int to = from + n / k + (i < n % k ? 1 : 0);
            int[] train = new int[n - (to - from)];
            System.arraycopy(rows, 0, train, 0, from);
            System.arraycopy(rows, to, train, from, n - to);
            return Tuple.of(new Dataset(x, y, train), view(from, to));
        });
    }

    /** {@code shuffle(seed).folds(k)}, as scikit-learn's {@code KFold(k, shuffle=True)}. */
    public List<Tuple2<Dataset, Dataset>> folds(int k, long seed) {
        return shuffle(seed).folds(k);
    }

    /**
     * The first {@code n} examples, or all of them when there are fewer.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Dataset take(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("take: n must be at least 1, got " + n);
        }
        return n >= rows.length ? this : view(0, n);
    }

    private Dataset view(int from, int to) {
        return new Dataset(x, y, Arrays.copyOfRange(rows, from, to));
    }

    /** Whether the view is every row in storage order, so x and y can be handed out as they are. */
    private boolean isWhole() {
        if (rows.length != x.shape().dim(0)) {
            return false;
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** The example count and the shapes of the view's x and y, e.g. {@code Dataset(7 examples, x [7, 2], y [7])}. */
    @Override
    public String toString() {
        int[] dx = x.shape().dims();
        int[] dy = y.shape().dims();
        dx[0] = rows.length;
        dy[0] = rows.length;
        return "Dataset(" + rows.length + " examples, x " + Arrays.toString(dx) + ", y " + Arrays.toString(dy) + ")";
    }

    /**
     * Serialises the view's rows only, not the arrays it shares with other views, as plain arrays
     * rebuilt through {@link #of}, which checks them.
     */
    private Object writeReplace() {
        return new Proxy(TensorData.of(x()), TensorData.of(y()));
    }

    /**
     * Refuses a stream that bypasses the proxy, which alone checks what it rebuilds.
     *
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a Dataset is serialised through its proxy");
    }

    /** The serialised form: the view's rows only, rebuilt through {@link #of}, which checks them. */
    private record Proxy(TensorData x, TensorData y) implements Serializable {
        private Object readResolve() {
            return Dataset.of(x.toTensor(), y.toTensor());
        }
    }
}
