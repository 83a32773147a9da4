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
import io.fluxion.tensor.Tensor;
import io.fluxion.train.Training;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input to Spark training is named at the call, and leaves no job running. */
class SparkTrainingErrorsTest {
    private static SparkSession spark;
    private static final Var W = variable("w", 2);
    private static final Training LINEAR = Training.of(
            Model.of(x -> x.matmul(W), Params.of(W, Tensor.zeros(Shape.of(2)))), Losses::mse, Optimizers.sgd(0.1));

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fluxion-errors")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
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
    void aMistypedColumnIsNamedWithItsType() {
        var data = rows(List.of(RowFactory.create(List.of(1.0, 2.0), "one")), true);
        fails(() -> SparkTraining.of(LINEAR, data, "features", "label"), "label column 'label'", "string");
        fails(() -> SparkTraining.of(LINEAR, data, "label", "label"), "features column 'label'", "array<double>");
    }

    @Test
    void aRowOfTheWrongWidthIsNamedAndNoJobIsLeftRunning() {
        var data = rows(List.of(row(1, 1.0, 2.0), row(2, 3.0, 4.0), row(3, 5.0), row(4, 6.0, 7.0)), false);
        try (SparkTraining st = SparkTraining.of(LINEAR, data, "features", "label")) {
            fails(() -> st.epochs().head().params(), "row", "partition", "1 values in column 'features'",
                    "the first row has 2");
        }
        assertEquals(0, activeJobsOnceSettled(), "jobs still running after the failure");
        assertEquals(4, data.count(), "the session still works");
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
    void aCaptureThatCannotBeShippedIsNamedAtTheCall() {
        Thread notSerializable = new Thread(() -> { });
        Model m = Model.of(x -> x.matmul(W).times(notSerializable.getName().length()),
                Params.of(W, Tensor.zeros(Shape.of(2))));
        Training t = Training.of(m, Losses::mse, Optimizers.sgd(0.1));
        var data = rows(List.of(row(1, 1.0, 2.0)), false);
        fails(() -> SparkTraining.of(t, data, "features", "label"), "model's forward function", "java.lang.Thread");
    }
}
