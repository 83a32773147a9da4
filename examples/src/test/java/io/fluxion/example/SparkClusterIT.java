package io.fluxion.example;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxion.data.Mnist;
import io.fluxion.expr.Var;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.spark.SparkTraining;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Blas;
import io.fluxion.train.Epoch;
import io.fluxion.train.Training;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Recipe S4 on a real Spark standalone cluster: a Master and two Workers of one core each, every
 * one a JVM of its own started from Spark's jars, on 127.0.0.1, the rows read from Parquet as a
 * job reads them, and Fluxion shipped to the executors as the README says (its -all jar). Run by
 * {@code ./mvnw verify} (failsafe), skipped with {@code -DskipITs}; each application waits for its
 * executors, so the tests run one after another, and the cluster stops with the class.
 */
class SparkClusterIT {
    private static final int ROWS = 6000;
    private static final int PARTITIONS = 4;
    private static final int EPOCHS = 5;
    private static final Path BUILD = Path.of(System.getProperty("fluxion.build.dir", "target")).toAbsolutePath();

    private static Mnist slice;
    private static StandaloneCluster cluster;
    private static final List<String> failedTasks = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        var dir = MnistSoftmaxTest.mnistDir();
        assumeTrue(dir.isDefined(), MnistSoftmaxTest::notFound);
        Mnist all = Mnist.load(dir.get());
        slice = new Mnist(all.train().take(ROWS), all.test().take(1000));
        cluster = StandaloneCluster.start(Path.of(System.getProperty("spark.home")).toAbsolutePath(),
                BUILD.resolve("spark-cluster/run-" + System.currentTimeMillis()), 2, 1,
                Arrays.asList(System.getProperty("spark.daemon.flags").trim().split("\\s+")));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static final StructType SCHEMA = new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("label", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    /** The examples as rows on the driver. */
    private static List<Row> localRows(io.fluxion.data.Dataset data) {
        double[] x = data.x().toArray();
        double[] y = data.y().toArray();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            rows.add(RowFactory.create(Arrays.copyOfRange(x, i * 784, (i + 1) * 784),
                    Arrays.copyOfRange(y, i * 10, (i + 1) * 10)));
        }
        return rows;
    }

    /** Fluxion and its dependencies in one jar, as the README says to ship them. */
    private static Path allJar() {
        Path jar = Path.of(System.getProperty("fluxion.all.jar")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), jar + " is built by the dsl module's package phase");
        return jar;
    }

    /**
     * An application on the cluster, shipping {@code jars}: its log at WARN, each executor's products on
     * one thread (one task per executor here, but as the README advises), failed tasks recorded.
     */
    private static SparkSession session(String name, List<Path> jars) {
        SparkSession s = SparkSession.builder().master(cluster.url()).appName(name)
                .config("spark.jars", jars.stream().map(Path::toString).collect(Collectors.joining(",")))
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.log.level", "WARN")
                .config("spark.executor.memory", "1g")
                .config("spark.executor.extraJavaOptions", "-Dfluxion.threads=1")
                // One partition per Parquet file however small: a lost partition is read again the same way.
                .config("spark.sql.files.openCostInBytes", String.valueOf(1L << 30))
                .getOrCreate();
        failedTasks.clear();
        s.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!(end.reason() instanceof org.apache.spark.Success$)) {
                    failedTasks.add("stage " + end.stageId() + ": " + end.reason());
                }
            }
        });
        return s;
    }

    private static void awaitExecutors(SparkSession s, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (s.sparkContext().statusTracker().getExecutorInfos().length < count + 1) { // and the driver
            assertTrue(System.nanoTime() < deadline, "executors did not start; see the Workers' logs under " + BUILD);
            sleep(100);
        }
    }

    /** What each epoch took, in seconds, and the last epoch. */
    private record Run(double[] seconds, Epoch last) {}

    private static Run epochs(Iterator<Epoch> it, int count) {
        double[] s = new double[count];
        Epoch last = null;
        for (int e = 0; e < count; e++) {
            long t = System.nanoTime();
            last = it.next();
            last.loss();
            s[e] = (System.nanoTime() - t) / 1e9;
        }
        return new Run(s, last);
    }

    /** One application for training: S4 as a job runs it, an executor killed, a bad row. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class OneApplication {
        private final String tag = "run" + System.nanoTime();
        private final Training training = CompileCounting.softmaxRegression(tag);
        private SparkSession spark;
        private Path parquet;
        private Run undisturbed;

        @BeforeAll
        void open() {
            spark = session("fluxion-s4", List.of(allJar(), Path.of(System.getProperty("fluxion.app.jar")),
                    Path.of(System.getProperty("fluxion.tests.jar"))));
            // The rows as a job finds them: Parquet files, here written by the cluster itself.
            parquet = BUILD.resolve("spark-cluster/mnist-" + System.nanoTime() + ".parquet");
            SparkMnist.frame(spark, slice.train(), PARTITIONS).write().parquet(parquet.toString());
        }

        @AfterAll
        void close() {
            if (spark != null) {
                spark.stop();
            }
        }

        private org.apache.spark.sql.Dataset<Row> rows() {
            var rows = spark.read().parquet(parquet.toString());
            assertEquals(PARTITIONS, rows.rdd().getNumPartitions(), "one partition per file");
            return rows;
        }

        /** S4 on the cluster, undisturbed, once. */
        private Run undisturbed() {
            if (undisturbed == null) {
                try (SparkTraining st = SparkTraining.of(training, rows(), "features", "label")) {
                    undisturbed = epochs(st.epochs().iterator(), EPOCHS);
                }
            }
            return undisturbed;
        }

        @Test
        @Order(1)
        void s4AgreesWithOneMachineAndEachExecutorCompilesOnceWithTheDriversBlas() {
            Run single = epochs(training.epochs(slice.train(), ROWS).iterator(), EPOCHS);
            Run onCluster = undisturbed();
            System.out.printf("S4 on %d MNIST rows from Parquet, %d partitions, 2 executors of 1 core: first epoch %.2f s "
                    + "(cold executors: read, cache, compile), steady %.3f s (median of epochs 2-%d); one machine "
                    + "%.3f s first, %.3f s steady%n", ROWS, PARTITIONS, onCluster.seconds[0], median(onCluster.seconds, 1),
                    EPOCHS, single.seconds[0], median(single.seconds, 1));
            assertEquals(EPOCHS, onCluster.last.epoch());
            assertClose(single.last.params(), onCluster.last.params(), 1e-9);
            assertEquals(single.last.loss(), onCluster.last.loss(), 1e-9 * single.last.loss());

            Map<String, List<CompileCounting.Compile>> byExecutor = compiles(tag);
            assertEquals(2, byExecutor.size(), "both executors ran a step: " + byExecutor);
            for (var e : byExecutor.entrySet()) {
                System.out.println("executor " + e.getKey() + ": " + e.getValue());
                Map<String, Long> perShape = e.getValue().stream()
                        .collect(Collectors.groupingBy(CompileCounting.Compile::shape, Collectors.counting()));
                perShape.forEach((shape, n) -> assertEquals(1L, n, "executor " + e.getKey() + " compiled x " + shape
                        + " " + n + " times over " + EPOCHS + " epochs"));
                // Native BLAS wherever the driver has it: the -all jar carries netlib's classes and f2j's together.
                e.getValue().forEach(c -> assertEquals(Blas.implementation(), c.blas(), "executor " + e.getKey()));
                e.getValue().forEach(c -> assertEquals(1, c.threads(), "spark.executor.extraJavaOptions reached it"));
            }
            assertTrue(cluster.executorErrors().stream().noneMatch(err -> err.contains("netlib-blas")),
                    "netlib complained on an executor: " + cluster.executorErrors());
            assertEquals(List.of(), failedTasks);
        }

        @Test
        @Order(2)
        void anExecutorKilledMidTrainingIsReplacedAndTrainingEndsWithTheBitsOfAnUndisturbedRun() {
            Run reference = undisturbed();
            awaitExecutors(spark, 2);
            List<ProcessHandle> before = cluster.executors();
            assertEquals(2, before.size(), "executors before: " + before);
            ProcessHandle victim = before.get(0);
            failedTasks.clear();
            Thread killer = new Thread(() -> {
                // Once a step's tasks run: kill -9 one executor, its cached blocks with it.
                while (spark.sparkContext().statusTracker().getActiveStageIds().length == 0) {
                    sleep(5);
                }
                victim.destroyForcibly();
            });
            Run disturbed;
            try (SparkTraining st = SparkTraining.of(training, rows(), "features", "label")) {
                Iterator<Epoch> it = st.epochs().iterator();
                Run first = epochs(it, 1);
                killer.start();
                Run rest = epochs(it, EPOCHS - 1);
                disturbed = new Run(concat(first.seconds, rest.seconds), rest.last);
            }
            join(killer);
            assertFalse(victim.isAlive(), "the executor was killed");
            System.out.printf("an executor (pid %d) killed with SIGKILL in epoch 2: epochs took %s s, undisturbed %s s; "
                    + "tasks lost and run again: %d%n", victim.pid(), Arrays.toString(round(disturbed.seconds)),
                    Arrays.toString(round(reference.seconds)), failedTasks.size());
            assertEquals(reference.last.params(), disturbed.last.params(), "the same bits as an undisturbed run");
            assertEquals(reference.last.loss(), disturbed.last.loss());
            awaitExecutors(spark, 2);
            assertTrue(cluster.executors().stream().noneMatch(p -> p.pid() == victim.pid()), "a new executor");
        }

        @Test
        @Order(3)
        void aBadRowIsReportedOnTheFirstFailureWithoutRetries() {
            List<Row> rows = new ArrayList<>(localRows(slice.train().take(99)));
            rows.add(50, RowFactory.create(new double[783], new double[10]));
            var frame = spark.createDataFrame(rows, SCHEMA).repartition(PARTITIONS);
            failedTasks.clear();
            try (SparkTraining st = SparkTraining.of(SparkMnist.softmaxRegression(), frame, "features", "label")) {
                long t = System.nanoTime();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> st.epochs().head().loss());
                System.out.printf("a row of 783 features among 100 reported in %.2f s, %d failed tasks: %s%n",
                        (System.nanoTime() - t) / 1e9, failedTasks.size(), e.getMessage());
                assertTrue(e.getMessage().matches("SparkTraining: row \\d+ of partition \\d+ has 783 values in column "
                        + "'features', the first row has 784"), e.getMessage());
            }
            assertEquals(List.of(), failedTasks, "no task failed, so none was retried");
        }
    }

    /** An application that ships Fluxion but not itself. */
    @Test
    void anApplicationJarMissingOnTheExecutorsIsNamedAtTheCallWithoutRetries() {
        SparkSession spark = session("fluxion-missing-jar", List.of(allJar()));
        try {
            // Rows made on the driver: Spark itself needs no class of the application to read them.
            var rows = spark.createDataFrame(localRows(slice.train().take(PARTITIONS)), SCHEMA);
            long t = System.nanoTime();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SparkTraining.of(SparkMnist.softmaxRegression(), rows, "features", "label"));
            System.out.printf("the missing application jar reported at the call in %.2f s: %s%n",
                    (System.nanoTime() - t) / 1e9, e.getMessage());
            assertTrue(e.getMessage().contains("cannot load class io.fluxion.example.SparkMnist"), e.getMessage());
            assertTrue(e.getMessage().contains("ship your application's jar"), e.getMessage());
            assertEquals(List.of(), failedTasks, "no task failed, so none was retried");
        } finally {
            spark.stop();
        }
    }

    /**
     * The README's {@code spark-submit} command, run from the repository's root as written but for the
     * master's address and the example's arguments: this machine's MNIST, 2 epochs on a slice.
     */
    @Test
    void theReadmesSparkSubmitCommandTrainsTheExample() throws Exception {
        Path repo = Path.of(System.getProperty("fluxion.repo.dir")).toAbsolutePath().normalize();
        String readme = Files.readString(repo.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("(?s)```sh\\n(spark-submit .*?)\\n```").matcher(readme);
        assertTrue(block.find(), "the README has a spark-submit block");
        List<String> args = new ArrayList<>(Arrays.asList(block.group(1).replace("\\\n", " ").trim().split("\\s+")));
        assertEquals("spark-submit", args.remove(0));
        for (String jar : args.get(args.indexOf("--jars") + 1).split(",")) {
            assertTrue(Files.isRegularFile(repo.resolve(jar)), "the README's --jars " + jar + " is what the build makes");
        }
        args.set(args.indexOf("--master") + 1, cluster.url());
        int app = args.indexOf(args.stream().filter(a -> a.endsWith(".jar") && !a.contains(",")).filter(
                a -> args.indexOf(a) != args.indexOf("--jars") + 1).findFirst().orElseThrow());
        assertTrue(Files.isRegularFile(repo.resolve(args.get(app))), "the README's application jar " + args.get(app));
        List<String> submitted = new ArrayList<>(args.subList(0, app + 1));
        submitted.addAll(List.of(MnistSoftmaxTest.mnistDir().get().toAbsolutePath().toString(), "2",
                String.valueOf(PARTITIONS), "2000"));
        Path log = BUILD.resolve("spark-cluster/spark-submit.log");
        ProcessBuilder pb = new ProcessBuilder(launch(repo, submitted)).directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(cluster.environment());
        Process p = pb.start();
        boolean ended;
        try {
            ended = p.waitFor(5, TimeUnit.MINUTES);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        System.out.println("spark-submit " + String.join(" ", submitted) + "\n" + out.lines()
                .filter(l -> l.startsWith("Epoch") || l.startsWith("test accuracy") || l.startsWith("=="))
                .collect(Collectors.joining("\n")));
        assertTrue(ended, "spark-submit ended within 5 minutes; its output is in " + log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("on Spark: 2000 rows in " + PARTITIONS + " partitions, " + cluster.url()), out);
        assertTrue(out.contains("test accuracy after 2 full-batch epochs"), out);
    }

    /** The command {@code spark-submit args} runs: Spark's launcher builds it, as Spark's script asks it to. */
    private static List<String> launch(Path dir, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("spark.home") + "/jars/*", "org.apache.spark.launcher.Main",
                "org.apache.spark.deploy.SparkSubmit"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(cluster.environment());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        // The launcher prints the command's words, each ended by a NUL.
        // Spark's script reads them with bash's read, which strips the blanks around each.
        return Arrays.stream(new String(out, StandardCharsets.UTF_8).split("\0")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** The compiles the executors printed for this tag, by executor process. */
    private static Map<String, List<CompileCounting.Compile>> compiles(String tag) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Map<String, List<CompileCounting.Compile>> found = Map.of();
        while (System.nanoTime() < deadline) { // the Workers copy executor output to files as it comes
            found = cluster.executorOutputs().stream().flatMap(out -> CompileCounting.parse(out, tag).stream())
                    .collect(Collectors.groupingBy(CompileCounting.Compile::process));
            if (found.size() >= 2) {
                break;
            }
            sleep(250);
        }
        return found;
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertClose(Params expected, Params actual, double relative) {
        for (Var v : expected.vars()) {
            double[] e = expected.get(v).toArray();
            double[] a = actual.get(v).toArray();
            for (int i = 0; i < e.length; i++) {
                assertTrue(Math.abs(e[i] - a[i]) <= relative * Math.max(1e-12, Math.abs(e[i])),
                        v.name() + "[" + i + "]: one machine " + e[i] + ", cluster " + a[i]);
            }
        }
    }

    private static double median(double[] v, int from) {
        double[] s = Arrays.copyOfRange(v, from, v.length);
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String[] round(double[] v) {
        return Arrays.stream(v).mapToObj(x -> String.format("%.2f", x)).toArray(String[]::new);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** S4 whose forward function, run when a program is compiled, prints where and with which BLAS. */
    static final class CompileCounting {
        private CompileCounting() {}

        /** One compile an executor printed. */
        record Compile(String process, String shape, String blas, int threads) {}

        private static final Pattern LINE = Pattern.compile("fluxion-it compile tag=(\\S+) pid=(\\d+) x=(\\(.*?\\)) "
                + "blas=(\\S+) threads=(\\d+)");

        static Training softmaxRegression(String tag) {
            Var w = variable("W", 784, 10);
            Var b = variable("b", 10);
            Model m = Model.of(x -> {
                System.out.println("fluxion-it compile tag=" + tag + " pid=" + ProcessHandle.current().pid() + " x="
                        + x.shape() + " blas=" + Blas.implementation() + " threads=" + Blas.threads());
                return x.matmul(w).plus(b).softmax();
            }, Params.of(w, Tensor.zeros(Shape.of(784, 10))).and(b, Tensor.zeros(Shape.of(10))));
            return Training.of(m, Losses::crossEntropy, Optimizers.adam(0.05));
        }

        static List<Compile> parse(String output, String tag) {
            List<Compile> out = new ArrayList<>();
            Matcher m = LINE.matcher(output);
            while (m.find()) {
                if (m.group(1).equals(tag)) {
                    out.add(new Compile(m.group(2), m.group(3), m.group(4), Integer.parseInt(m.group(5))));
                }
            }
            return out;
        }
    }
}
