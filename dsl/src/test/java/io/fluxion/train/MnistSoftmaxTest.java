package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxion.data.Mnist;
import io.fluxion.data.MnistFolder;
import io.fluxion.expr.Var;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Metrics;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import io.vavr.control.Option;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Recipe S4: softmax regression on MNIST (W 784×10 and b 10 from zeros, cross-entropy of the
 * softmax, SGD 0.01, batches of 100 shuffled every epoch), the tutorial's 100 epochs, when the
 * MNIST files are where the README puts them ({@link MnistFolder}). Skipped otherwise.
 */
class MnistSoftmaxTest {

    /**
     * Measured: test accuracy 0.8571 after one epoch from seed 0 (mean training loss 1.1466,
     * running training accuracy 0.8027). The run is deterministic; the margin allows for changes
     * in summation order, not for a regression.
     */
    private static final double ACCURACY_BOUND = 0.84;

    private static Mnist loaded;

    /** The MNIST files, read once for the class; the test is skipped without them. */
    private static synchronized Mnist mnist() {
        Option<Path> dir = MnistFolder.find();
        assumeTrue(dir.isDefined(), MnistFolder::notFound);
        if (loaded == null) {
            loaded = Mnist.load(dir.get());
        }
        return loaded;
    }

    /** The tutorial's model: W 784×10 and b 10 from zeros, softmax of x W + b. */
    private static Model softmaxRegression() {
        Var w = variable("W", 784, 10);
        Var b = variable("b", 10);
        return Model.of(x -> x.matmul(w).plus(b).softmax(),
                Params.of(w, Tensor.zeros(Shape.of(784, 10))).and(b, Tensor.zeros(Shape.of(10))));
    }

    /** The tutorial reports 0.9225; measured here 0.9224 after 100 epochs from seed 0 (batch order moves the last digit). */
    private static final double FULL_RUN_BOUND = 0.92;

    @Test
    void theTutorialsHundredEpochsReachTheTutorialsAccuracy() {
        Mnist mnist = mnist();
        Model softmax = softmaxRegression();
        long started = System.nanoTime();
        Epoch last = Training.of(softmax, Losses::crossEntropy, Optimizers.sgd(0.01))
                .epochs(mnist.train(), 100, 0L).get(99);
        double accuracy = Metrics.accuracyOf(softmax.withParams(last.params()).predict(mnist.test().x()), mnist.test().y());
        System.out.printf("S4: 100 epochs in %.1f s, loss %.4f, test accuracy %.4f%n",
                (System.nanoTime() - started) / 1e9, last.loss(), accuracy);
        assertEquals(100, last.epoch());
        assertTrue(accuracy >= FULL_RUN_BOUND, "test accuracy after 100 epochs " + accuracy);
    }

    @Test
    void oneEpochOfSoftmaxRegressionReachesTheMeasuredAccuracy() {
        Mnist mnist = mnist();
        Model softmax = softmaxRegression();
        long started = System.nanoTime();
        Stream<Epoch> run = Training.of(softmax, Losses::crossEntropy, Optimizers.sgd(0.01))
                .metric("accuracy", Metrics::accuracy)
                .epochs(mnist.train(), 100, 0L);
        Epoch first = run.head();
        Params trained = first.params();
        double seconds = (System.nanoTime() - started) / 1e9;
        double accuracy = Metrics.accuracyOf(softmax.withParams(trained).predict(mnist.test().x()), mnist.test().y());
        System.out.printf("S4: one epoch in %.2f s (%.0f µs per step), loss %.4f, train accuracy %.4f, test accuracy %.4f%n",
                seconds, seconds * 1e6 / 600, first.loss(), first.metrics().get("accuracy").get(), accuracy);
        assertEquals(1, first.epoch());
        assertTrue(accuracy >= ACCURACY_BOUND, "test accuracy " + accuracy);
        assertTrue(first.loss() < 1.2, "mean training loss " + first.loss());
    }
}
