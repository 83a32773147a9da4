package io.fluxion.spark;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Dataset;
import io.fluxion.expr.Var;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.EarlyStopping;
import io.fluxion.train.Epoch;
import io.fluxion.train.Training;
import java.util.ArrayList;
import java.util.Random;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The training fold on Spark (local[2], 4 partitions): the same parameters as single-machine
 * full-batch training up to the order of summation, deterministic mini-batches, early stopping
 * on the epoch stream, and bad input named at the call.
 */
class SparkTrainingTest {
    private static final int N = 203;
    private static SparkSession spark;
    private static double[][] features;
    private static double[][] targets;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fluxion-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        Random r = new Random(11);
        features = new double[N][3];
        targets = new double[N][3];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 3; j++) {
                features[i][j] = r.nextGaussian();
            }
            // Three classes split by two linear rules, so the softmax regression has something to learn.
            int c = features[i][0] + 0.5 * features[i][1] > 0.3 ? 0 : features[i][2] > 0 ? 1 : 2;
            targets[i][c] = 1;
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static org.apache.spark.sql.Dataset<Row> frame(boolean scalarLabel, int width) {
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                .add("label", scalarLabel ? DataTypes.DoubleType : DataTypes.createArrayType(DataTypes.DoubleType, false),
                        false);
        ArrayList<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            double[] f = java.util.Arrays.copyOf(features[i], width);
            Object label = scalarLabel ? (Object) (2 * features[i][0] - features[i][1] + 0.5)
                    : io.vavr.collection.List.ofAll(targets[i]).toJavaList();
            rows.add(RowFactory.create(io.vavr.collection.List.ofAll(f).toJavaList(), label));
        }
        return spark.createDataFrame(rows, schema).repartition(4);
    }

    private static Tensor x() {
        double[] d = new double[N * 3];
        for (int i = 0; i < N; i++) {
            System.arraycopy(features[i], 0, d, 3 * i, 3);
        }
        return Tensor.of(Shape.of(N, 3), d);
    }

    private static Training softmaxRegression() {
        Var w = variable("W", 3, 3);
        Var b = variable("b", 3);
        Model m = Model.of(x -> x.matmul(w).plus(b).softmax(),
                Params.of(w, Tensor.zeros(Shape.of(3, 3))).and(b, Tensor.zeros(Shape.of(3))));
        return Training.of(m, Losses::crossEntropy, Optimizers.sgd(0.5));
    }

    private static void assertClose(Params expected, Params actual, double relative) {
        for (Var v : expected.vars()) {
            double[] e = expected.get(v).toArray();
            double[] a = actual.get(v).toArray();
            for (int i = 0; i < e.length; i++) {
                assertTrue(Math.abs(e[i] - a[i]) <= relative * Math.max(1e-12, Math.abs(e[i])),
                        v.name() + "[" + i + "]: single machine " + e[i] + ", Spark " + a[i]);
            }
        }
    }

    @Test
    void fullBatchOnFourPartitionsMatchesSingleMachineFullBatchTraining() {
        Training training = softmaxRegression();
        double[] y = new double[N * 3];
        for (int i = 0; i < N; i++) {
            System.arraycopy(targets[i], 0, y, 3 * i, 3);
        }
        Epoch single = training.epochs(Dataset.of(x(), Tensor.of(Shape.of(N, 3), y)), N).get(5);
        try (SparkTraining st = SparkTraining.of(training, frame(false, 3), "features", "label")) {
            Epoch distributed = st.epochs().get(5);
            assertEquals(6, distributed.epoch());
            assertClose(single.params(), distributed.params(), 1e-9);
            assertEquals(single.loss(), distributed.loss(), 1e-9 * single.loss());
            assertTrue(single.loss() < Math.log(3), "the loss fell from log 3: " + single.loss());
        }
    }

    @Test
    void aSumLossWithScalarLabelsMatchesToo() {
        Var w = variable("w", 2);
        Var b = variable("b");
        Model m = Model.of(x -> x.matmul(w).plus(b), Params.of(w, Tensor.zeros(Shape.of(2))).and(b, Tensor.scalar(0)));
        Training training = Training.of(m, Losses::sse, Optimizers.sgd(0.001));
        double[] xs = new double[N * 2];
        double[] ys = new double[N];
        for (int i = 0; i < N; i++) {
            xs[2 * i] = features[i][0];
            xs[2 * i + 1] = features[i][1];
            ys[i] = 2 * features[i][0] - features[i][1] + 0.5;
        }
        Epoch single = training.epochs(Dataset.of(Tensor.of(Shape.of(N, 2), xs), Tensor.of(Shape.of(N), ys)), N).get(9);
        try (SparkTraining st = SparkTraining.of(training, frame(true, 2), "features", "label")) {
            assertClose(single.params(), st.epochs().get(9).params(), 1e-9);
        }
    }

    /** The RDD overloads: Vavr's pairs in a JavaRDD, Scala's in an RDD (Scala's, or a JavaPairRDD's). */
    @Test
    void pairsOfTensorsInAnRddTrainAsTheRowsDo() {
        Training training = softmaxRegression();
        java.util.List<scala.Tuple2<Tensor, Tensor>> pairs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            pairs.add(new scala.Tuple2<>(Tensor.vector(features[i]), Tensor.vector(targets[i])));
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaPairRDD<Tensor, Tensor> scalaPairs = sc.parallelizePairs(pairs, 4);
        JavaRDD<io.vavr.Tuple2<Tensor, Tensor>> vavrPairs = scalaPairs.map(p -> new io.vavr.Tuple2<>(p._1(), p._2()));
        try (SparkTraining rows = SparkTraining.of(training, frame(false, 3), "features", "label");
                SparkTraining scala = SparkTraining.of(training, scalaPairs.rdd());
                SparkTraining vavr = SparkTraining.of(training, vavrPairs)) {
            Params expected = rows.epochs().get(2).params();
            assertClose(expected, scala.epochs().get(2).params(), 1e-9);
            assertClose(expected, vavr.epochs().get(2).params(), 1e-9);
        }
        pairs.set(N - 1, new scala.Tuple2<>(Tensor.vector(1, 2), Tensor.vector(targets[0])));
        try (SparkTraining bad = SparkTraining.of(training, sc.parallelizePairs(pairs, 4).rdd())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.epochs().head().params());
            assertTrue(e.getMessage().contains("has shapes x (2) and y (3), the first example has x (3) and y (3)"),
                    e.getMessage());
        }
    }

    /**
     * The first epoch reads the rows into the cached blocks within its step: no job of its own to
     * count them, none to fetch a block of rows to the driver (the loss's reduction is found on the
     * rows fetched when training was set up).
     */
    @Test
    void aFullBatchEpochIsOneSparkJobFromTheFirst() throws java.util.concurrent.TimeoutException {
        java.util.List<String> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.add(String.valueOf(start.properties().getProperty("spark.job.description")));
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try (SparkTraining st = SparkTraining.of(softmaxRegression(), frame(false, 3), "features", "label")) {
            spark.sparkContext().listenerBus().waitUntilEmpty();
            jobs.clear();
            io.vavr.collection.Stream<Epoch> epochs = st.epochs();
            assertTrue(epochs.get(0).loss() > 0);
            spark.sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(java.util.List.of("Fluxion: epoch 1, step 1 of 1"), jobs);
            assertTrue(epochs.get(1).loss() < epochs.get(0).loss());
            spark.sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(java.util.List.of("Fluxion: epoch 1, step 1 of 1", "Fluxion: epoch 2, step 1 of 1"), jobs);
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    /** Counted down when a Spark job starts, for {@link #waitingForAJobOnTheDriver}. */
    private static volatile java.util.concurrent.CountDownLatch jobStarted = new java.util.concurrent.CountDownLatch(0);
    /** Whether the loss, traced on the driver, saw a job start while it waited. */
    private static volatile boolean tracedWhileAJobRan;

    /** The loss, waiting first, when traced on the driver (to find its reduction), up to 60 s for a Spark job to start. */
    private static io.fluxion.nn.Loss waitingForAJobOnTheDriver(io.fluxion.nn.Loss loss) {
        return (p, t) -> {
            if (org.apache.spark.TaskContext.get() == null) {
                try {
                    tracedWhileAJobRan = jobStarted.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return loss.apply(p, t);
        };
    }

    /** The parameters after {@code epochs} epochs, checking that the loss's reduction was found while a job ran. */
    private static Params foundWhileTheFirstStepRuns(SparkTraining st, int epochs)
            throws java.util.concurrent.TimeoutException {
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobStarted.countDown();
            }
        };
        spark.sparkContext().listenerBus().waitUntilEmpty();
        jobStarted = new java.util.concurrent.CountDownLatch(1);
        tracedWhileAJobRan = false;
        spark.sparkContext().addSparkListener(listener);
        try {
            Params p = st.epochs().get(epochs - 1).params();
            assertTrue(tracedWhileAJobRan, "the loss's reduction was found before the first step's job started");
            return p;
        } finally {
            spark.sparkContext().removeSparkListener(listener);
            jobStarted = new java.util.concurrent.CountDownLatch(0);
        }
    }

    /**
     * The loss's reduction is found on the driver (compiling the loss there) while the first step
     * runs on the executors, which sum with both weightings: the bits are those of a reduction told.
     */
    @Test
    void aMeanLossFoundWhileTheFirstStepRunsGivesTheBitsOfOneTold() throws java.util.concurrent.TimeoutException {
        Training training = Training.of(softmaxRegression().model(), waitingForAJobOnTheDriver(Losses::crossEntropy),
                Optimizers.sgd(0.5));
        try (SparkTraining st = SparkTraining.of(training, frame(false, 3), "features", "label")) {
            Params found = foundWhileTheFirstStepRuns(st, 2);
            assertEquals(st.withLossReduction(LossReduction.MEAN).epochs().get(1).params(), found);
        }
    }

    @Test
    void aSumLossFoundWhileTheFirstStepRunsGivesTheBitsOfOneTold() throws java.util.concurrent.TimeoutException {
        Var w = variable("w", 2);
        Var b = variable("b");
        Model m = Model.of(x -> x.matmul(w).plus(b), Params.of(w, Tensor.zeros(Shape.of(2))).and(b, Tensor.scalar(0)));
        Training training = Training.of(m, waitingForAJobOnTheDriver(Losses::sse), Optimizers.sgd(0.001));
        try (SparkTraining st = SparkTraining.of(training, frame(true, 2), "features", "label")) {
            Params found = foundWhileTheFirstStepRuns(st, 3);
            assertEquals(st.withLossReduction(LossReduction.SUM).epochs().get(2).params(), found);
        }
    }

    @Test
    void miniBatchesWithASeedAreDeterministic() {
        try (SparkTraining st = SparkTraining.of(softmaxRegression(), frame(false, 3), "features", "label")) {
            Params once = st.epochs(32, 7L).get(1).params();
            Params again = st.epochs(32, 7L).get(1).params();
            assertEquals(once, again);
            assertNotEquals(once, st.epochs(32, 8L).get(1).params());
        }
    }

    @Test
    void earlyStoppingStopsTheSparkStreamAndKeepsTheBestParameters() {
        // A learning rate far too large: the loss grows after the first steps, and training must stop.
        Training wild = Training.of(softmaxRegression().model(), Losses::crossEntropy, Optimizers.sgd(400));
        try (SparkTraining st = SparkTraining.of(wild, frame(false, 3), "features", "label")) {
            io.vavr.collection.List<Epoch> all = st.epochs().take(30).toList();
            io.vavr.collection.List<Epoch> stopped = EarlyStopping.of(2, 0).apply(st.epochs()).take(30).toList();
            assertTrue(stopped.size() < 30, "stopped after " + stopped.size() + " epochs");
            Epoch best = all.take(stopped.size()).minBy(Epoch::loss).get();
            assertEquals(best.params(), stopped.last().params());
        }
    }
}
