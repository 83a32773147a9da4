package io.fluxion.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Mnist;
import io.vavr.control.Option;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Spark recipe runs end to end on a slice of MNIST: the loss falls and the model classifies. */
class SparkMnistTest {

    @Test
    void aFewFullBatchEpochsOnASliceLowerTheLossAndClassify() {
        Option<Path> dir = MnistSoftmaxTest.mnistDir();
        Assumptions.assumeTrue(dir.isDefined(), MnistSoftmaxTest::notFound);
        Mnist all = Mnist.load(dir.get());
        Mnist slice = new Mnist(all.train().take(6000), all.test().take(2000));
        SparkSession spark = SparkSession.builder().master("local[2]").appName("fluxion-spark-mnist")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            SparkMnist.Result r = SparkMnist.run(spark, slice, 4, 2);
            assertTrue(r.losses().get(r.losses().size() - 1) < r.losses().get(0) * 0.8, "losses " + r.losses());
            assertTrue(r.accuracy() > 0.75, "accuracy " + r.accuracy());
        } finally {
            spark.stop();
        }
    }
}
