package io.fluxion.spark;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.Training;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input to Spark training is named at the call, or on the first read of the rows without a
 * retry, and leaves no job running. The master retries a failed task 4 times, as a cluster does.
 */
class SparkTrainingErrorsTest {
    private static SparkSession spark;
    /** Every task that ended other than in success, and every warning or error Spark's scheduler logged. */
    private static final java.util.List<String> failedTasks = new CopyOnWriteArrayList<>();
    private static final java.util.List<String> schedulerWarnings = new CopyOnWriteArrayList<>();
    private static final Var W = variable("w", 2);
    private static final Training LINEAR = Training.of(
            Model.of(x -> x.matmul(W), Params.of(W, Tensor.zeros(Shape.of(2)))), Losses::mse, Optimizers.sgd(0.1));
    private static final Var V = variable("v", 2, 1);
    /** For labels of one value in an array: a prediction of shape (n, 1). */
    private static final Training LINEAR_COLUMN = Training.of(
            Model.of(x -> x.matmul(V), Params.of(V, Tensor.zeros(Shape.of(2, 1)))), Losses::mse, Optimizers.sgd(0.1));

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,4]").appName("fluxion-errors")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!(end.reason() instanceof org.apache.spark.Success$)) {
                    failedTasks.add("stage " + end.stageId() + ": " + end.reason());
                }
            }
        });
        for (String name : List.of("org.apache.spark.scheduler.DAGScheduler", "org.apache.spark.scheduler.TaskSetManager",
                "org.apache.spark.executor.Executor")) {
            Appender capture = new AbstractAppender("capture-" + name, null, null, true, Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent event) {
                    if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
                        schedulerWarnings.add(event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
                    }
                }
            };
            capture.start();
            ((org.apache.logging.log4j.core.Logger) LogManager.getLogger(name)).addAppender(capture);
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static org.apache.spark.sql.Dataset<Row> rows(List<Row> rows, boolean textLabel) {
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                .add("label", textLabel ? DataTypes.StringType : DataTypes.DoubleType, false);
        return spark.createDataFrame(rows, schema).repartition(2);
    }

    private static Row row(double label, Double... f) {
        return RowFactory.create(List.of(f), label);
    }

    private static void fails(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "'" + e.getMessage() + "' should name " + p);
        }
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsThereAre() {
        var data = rows(List.of(row(1, 1.0, 2.0)), false);
        fails(() -> SparkTraining.of(LINEAR, data, "x", "label"), "features column 'x'", "features, label");
        fails(() -> SparkTraining.of(LINEAR, data, "features", "y"), "label column 'y'");
    }

    @Test
    void aModelWithDropoutIsRefusedNamingIt() {
        // A step's dropout keys are bound by Training on one machine; the executors' objective has none.
        var data = rows(List.of(row(1, 1.0, 2.0)), false);
        Training dropout = Training.of(io.fluxion.nn.Sequential.of(io.fluxion.nn.Dense.of(2, 1, 1L),
                io.fluxion.nn.Dropout.of(0.5, 1L)), Losses::mse, Optimizers.sgd(0.1));
        fails(() -> SparkTraining.of(dropout, data, "features", "label"), "Dropout", "SparkTraining");
    }

    @Test
    void aMistypedColumnIsNamedWithItsType() {
        var data = rows(List.of(RowFactory.create(List.of(1.0, 2.0), "one")), true);
        fails(() -> SparkTraining.of(LINEAR, data, "features", "label"), "label column 'label'", "string");
        fails(() -> SparkTraining.of(LINEAR, data, "label", "label"), "features column 'label'", "array<double>");
    }

    @Test
    void noRowsAreNamedAtTheCall() {
        fails(() -> SparkTraining.of(LINEAR, rows(List.of(), false), "features", "label"), "no rows to train on");
        fails(() -> SparkTraining.of(LINEAR, org.apache.spark.api.java.JavaSparkContext.fromSparkContext(
                spark.sparkContext()).<io.vavr.Tuple2<Tensor, Tensor>>emptyRDD()), "no rows to train on");
    }

    @Test
    void aRowOfTheWrongWidthIsNamedOnTheFirstFailureWithoutRetriesAndNoJobIsLeftRunning() {
        var data = rows(List.of(row(1, 1.0, 2.0), row(2, 3.0, 4.0), row(3, 5.0), row(4, 6.0, 7.0)), false);
        failedTasks.clear();
        schedulerWarnings.clear();
        try (SparkTraining st = SparkTraining.of(LINEAR, data, "features", "label")) {
            fails(() -> st.epochs().head().params(), "row", "partition", "1 values in column 'features'",
                    "the first row has 2");
            fails(() -> st.epochs(2, 1L).head().params(), "row", "partition", "1 values in column 'features'",
                    "the first row has 2");
        }
        assertEquals(0, activeJobsOnceSettled(), "jobs still running after the failure");
        assertEquals(List.of(), failedTasks, "a bad row fails the same way every time: no task should fail and be retried");
        assertEquals(List.of(), schedulerWarnings, "Spark's scheduler warned");
        assertEquals(4, data.count(), "the session still works");
    }

    @Test
    void aLabelOfTheWrongWidthAndANullAreNamedToo() {
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType, true), false)
                .add("label", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        var wide = spark.createDataFrame(List.of(RowFactory.create(List.of(1.0, 2.0), List.of(1.0)),
                RowFactory.create(List.of(3.0, 4.0), List.of(1.0, 2.0))), schema).coalesce(1);
        try (SparkTraining st = SparkTraining.of(LINEAR_COLUMN, wide, "features", "label")) {
            fails(() -> st.epochs().head().params(), "row 1 of partition 0", "2 values in column 'label'",
                    "the first row has 1");
        }
        java.util.List<Double> withNull = new java.util.ArrayList<>(List.of(3.0, 4.0));
        withNull.set(1, null);
        var nulls = spark.createDataFrame(List.of(RowFactory.create(List.of(1.0, 2.0), List.of(1.0)),
                RowFactory.create(withNull, List.of(2.0))), schema).coalesce(1);
        try (SparkTraining st = SparkTraining.of(LINEAR_COLUMN, nulls, "features", "label")) {
            fails(() -> st.epochs().head().params(), "row 1 of partition 0", "a null at position 1 of column 'features'");
        }
    }

    @Test
    void aShapeTheModelRejectsIsNamedWithoutRetries() {
        Var wide = variable("w", 3);
        Training t = Training.of(Model.of(x -> x.matmul(wide), Params.of(wide, Tensor.zeros(Shape.of(3)))),
                Losses::mse, Optimizers.sgd(0.1));
        var data = rows(List.of(row(1, 1.0, 2.0), row(2, 3.0, 4.0)), false);
        failedTasks.clear();
        try (SparkTraining st = SparkTraining.of(t, data, "features", "label").withLossReduction(LossReduction.MEAN)) {
            ShapeException e = assertThrows(ShapeException.class, () -> st.epochs().head().params());
            assertTrue(e.getMessage().contains("for a batch with x of shape"), e.getMessage());
        }
        assertEquals(List.of(), failedTasks, "a shape error fails the same way every time: no task should be retried");
    }

    /** Spark's status tracker learns of a job's end asynchronously: give it up to 10 s, then count. */
    private static int activeJobsOnceSettled() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (spark.sparkContext().statusTracker().getActiveJobIds().length > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return spark.sparkContext().statusTracker().getActiveJobIds().length;
    }

    @Test
    void aClassTheExecutorsCannotLoadIsNamedWithTheJarToShip() {
        RuntimeException inTask = new RuntimeException("Job aborted due to stage failure",
                new java.io.IOException(new ClassNotFoundException("com.acme.TrainJob")));
        IllegalStateException user = assertThrows(IllegalStateException.class,
                () -> Failures.unwrapped(() -> { throw inTask; }));
        assertTrue(user.getMessage().contains("cannot load class com.acme.TrainJob"), user.getMessage());
        assertTrue(user.getMessage().contains("ship your application's jar"), user.getMessage());
        assertTrue(user.getMessage().contains("spark.jars"), user.getMessage());
        IllegalStateException ours = assertThrows(IllegalStateException.class, () -> Failures.unwrapped(() -> {
            throw new RuntimeException(new NoClassDefFoundError("io/fluxion/train/Objective"));
        }));
        assertTrue(ours.getMessage().contains("cannot load class io.fluxion.train.Objective: Fluxion's jars"),
                ours.getMessage());
        // A user's class is the user's to ship even in a package under io.fluxion (the examples' are).
        String usersClass = SparkTrainingErrorsTest.class.getName();
        IllegalStateException usersInOurPackage = assertThrows(IllegalStateException.class,
                () -> Failures.unwrapped(() -> { throw new RuntimeException(new ClassNotFoundException(usersClass)); }));
        assertTrue(usersInOurPackage.getMessage().contains("ship your application's jar"), usersInOurPackage.getMessage());
        IllegalStateException dependency = assertThrows(IllegalStateException.class, () -> Failures.unwrapped(() -> {
            throw new RuntimeException(new NoClassDefFoundError("org/netlib/util/doubleW"));
        }));
        assertTrue(dependency.getMessage().contains("-all.jar"), dependency.getMessage());
    }

    @Test
    void aCaptureThatCannotBeShippedIsNamedAtTheCall() {
        Thread notSerializable = new Thread(() -> { });
        Model m = Model.of(x -> x.matmul(W).times(notSerializable.getName().length()),
                Params.of(W, Tensor.zeros(Shape.of(2))));
        Training t = Training.of(m, Losses::mse, Optimizers.sgd(0.1));
        var data = rows(List.of(row(1, 1.0, 2.0)), false);
        fails(() -> SparkTraining.of(t, data, "features", "label"), "model's forward function", "java.lang.Thread");
    }
}
