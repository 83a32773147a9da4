package io.fluxion.example;

import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.data.Dataset;
import io.fluxion.data.Mnist;
import io.fluxion.expr.Var;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Metrics;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.spark.SparkTraining;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.Epoch;
import io.fluxion.train.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Recipe S4 (MNIST softmax regression) trained on Apache Spark from a DataFrame: full-batch
 * epochs, each one step whose gradient every partition sums for its own rows, with the loss per
 * epoch and the test accuracy printed, and the same steps timed on one machine beside it.
 *
 * <p>Locally: {@code ./mvnw -Pspark -DskipTests verify} (Spark {@code local[2]}, MNIST in
 * {@code data/mnist}); arguments: the MNIST folder, the number of epochs, the number of partitions,
 * and optionally how many training rows to use. On a cluster, submit the same class with Fluxion's
 * {@code -all} jar as the README's "Training on Spark" shows; spark-submit sets the master and the
 * JVM flags itself.
 * A real job would read its rows with {@code spark.read().parquet(...)}; here they are made from
 * the IDX files on the driver, shipped once as a broadcast.
 */
public final class SparkMnist {
    private SparkMnist() {}

    /** What a run measured. */
    record Result(List<Double> losses, double accuracy, double sparkSecondsPerEpoch, double singleSecondsPerEpoch,
            double overheadSecondsPerStep) {}

    /** Trains and prints; arguments: [mnist folder] [epochs] [partitions] [training rows, from the first]. */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "data/mnist");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
        if (!Files.isDirectory(dir)) {
            System.out.println("MNIST is not in " + dir.toAbsolutePath() + ": see the README's MNIST section for how to "
                    + "get the four files, or pass their folder as the first argument.");
            return;
        }
        SparkConf conf = new SparkConf().setAppName("fluxion-mnist");
        if (!conf.contains("spark.master")) {
            // Run alone: a local Spark on two cores, listening on loopback only.
            conf.setMaster("local[2]").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.ui.enabled", "false");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            Mnist all = Mnist.load(dir);
            run(spark, rows >= all.train().size() ? all : new Mnist(all.train().take(rows), all.test()), epochs,
                    partitions);
        } finally {
            spark.stop();
        }
    }

    /** The recipe on this session: Spark epochs, then the same steps on one machine, then the test accuracy. */
    static Result run(SparkSession spark, Mnist mnist, int epochs, int partitions) {
        Training training = softmaxRegression();
        System.out.println("== S4 on Spark: " + mnist.train().size() + " rows in " + partitions + " partitions, "
                + spark.sparkContext().master() + ", full-batch Adam(0.05) ==");
        // Made and cached before training, as if read from Parquet: the first epoch then times
        // what Fluxion adds (reading rows into blocks, shipping and compiling the model), not the
        // making of this example's rows.
        long made = System.nanoTime();
        org.apache.spark.sql.Dataset<Row> rows = frame(spark, mnist.train(), partitions).persist();
        System.out.printf("DataFrame made and cached in %.2f s (%d rows)%n", (System.nanoTime() - made) / 1e9, rows.count());
        List<Double> losses = new ArrayList<>();
        double[] sparkSeconds = new double[epochs];
        Epoch last;
        try (SparkTraining st = SparkTraining.of(training, rows, "features", "label")) {
            long t = System.nanoTime();
            Iterator<Epoch> it = st.epochs().iterator();
            last = null;
            for (int e = 0; e < epochs; e++) {
                last = it.next();
                losses.add(last.loss());
                long now = System.nanoTime();
                sparkSeconds[e] = (now - t) / 1e9;
                t = now;
                System.out.printf("Epoch %d/%d - loss: %.4f - %.2f s%n", last.epoch(), epochs, last.loss(), sparkSeconds[e]);
            }
        } finally {
            rows.unpersist();
        }
        Model fitted = training.model().withParams(last.params());
        double accuracy = Metrics.accuracyOf(fitted.predict(mnist.test().x()), mnist.test().y());
        System.out.printf("test accuracy after %d full-batch epochs: %.4f%n", epochs, accuracy);

        double single = singleMachineSecondsPerEpoch(training, mnist.train(), Math.min(3, epochs));
        double overhead = overheadPerStep(spark, training, partitions);
        double spark1 = median(Arrays.copyOfRange(sparkSeconds, Math.min(1, epochs - 1), epochs));
        System.out.printf("per full-batch epoch (median, first epoch excluded): Spark %.3f s, one machine %.3f s "
                + "(ratio %.2f); Spark's own cost per step (broadcast + tasks + treeAggregate, %d rows): %.3f s%n",
                spark1, single, spark1 / single, partitions, overhead);
        return new Result(losses, accuracy, spark1, single, overhead);
    }

    /** W 784×10 and b 10 from zeros, softmax, the tutorial's cross-entropy; full batch, so Adam rather than SGD 0.01. */
    static Training softmaxRegression() {
        Var w = variable("W", 784, 10);
        Var b = variable("b", 10);
        Model m = Model.of(x -> x.matmul(w).plus(b).softmax(),
                Params.of(w, Tensor.zeros(Shape.of(784, 10))).and(b, Tensor.zeros(Shape.of(10))));
        return Training.of(m, Losses::crossEntropy, Optimizers.adam(0.05));
    }

    /** The training rows as a DataFrame (features array<double> 784, label array<double> 10), made on the executors. */
    static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset data, int partitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<double[][]> xy = sc.broadcast(new double[][] {data.x().toArray(), data.y().toArray()});
        int n = data.size();
        List<Integer> starts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            starts.add(p);
        }
        JavaRDD<Row> rows = sc.parallelize(starts, partitions).flatMap(p -> {
            double[] x = xy.value()[0];
            double[] y = xy.value()[1];
            List<Row> out = new ArrayList<>();
            for (int i = (int) ((long) n * p / partitions); i < (int) ((long) n * (p + 1) / partitions); i++) {
                out.add(RowFactory.create(Arrays.copyOfRange(x, i * 784, (i + 1) * 784),
                        Arrays.copyOfRange(y, i * 10, (i + 1) * 10)));
            }
            return out.iterator();
        });
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                .add("label", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        return spark.createDataFrame(rows, schema);
    }

    /** The same full-batch steps on one machine: one batch of every row per epoch. */
    private static double singleMachineSecondsPerEpoch(Training training, Dataset train, int epochs) {
        Iterator<Epoch> it = training.epochs(train, train.size()).iterator();
        double[] s = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            long t = System.nanoTime();
            it.next().loss();
            s[e] = (System.nanoTime() - t) / 1e9;
        }
        return median(Arrays.copyOfRange(s, Math.min(1, epochs - 1), epochs));
    }

    /** A Spark step over one row per partition: what broadcasting, scheduling and aggregating cost by themselves. */
    private static double overheadPerStep(SparkSession spark, Training training, int partitions) {
        double[] x = new double[partitions * 784];
        double[] y = new double[partitions * 10];
        for (int i = 0; i < partitions; i++) {
            y[i * 10 + i % 10] = 1;
        }
        Dataset tiny = Dataset.of(Tensor.of(Shape.of(partitions, 784), x), Tensor.of(Shape.of(partitions, 10), y));
        try (SparkTraining st = SparkTraining.of(training, frame(spark, tiny, partitions), "features", "label")) {
            Iterator<Epoch> it = st.epochs().iterator();
            double[] s = new double[5];
            for (int e = 0; e < s.length; e++) {
                long t = System.nanoTime();
                it.next().loss();
                s[e] = (System.nanoTime() - t) / 1e9;
            }
            return median(Arrays.copyOfRange(s, 1, s.length));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
