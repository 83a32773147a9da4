package io.fluxion.example;

import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.data.Dataset;
import io.fluxion.data.Mnist;
import io.fluxion.example.plot.Figure;
import io.fluxion.example.plot.Plots;
import io.fluxion.expr.Var;
import io.fluxion.nn.Metrics;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Path;

/**
 * Recipe S4: softmax regression on MNIST, pred = softmax(x W + b) from zeros, the cross-entropy
 * {@code mean(-sum(y * log(pred), 1))}, SGD at 0.01 on shuffled batches of 100, 600 batches an
 * epoch, in the tutorial's two styles: compiled (one program per step, as a graph and a session)
 * and eager (a tape per batch, the update by hand), each timed. Prints the average cost per epoch
 * and the test accuracy (the tutorial: 0.9225 after 100 epochs), plots the cost per epoch and a
 * grid of misclassified test digits. By default a short schedule; {@code -Dfluxion.s4.epochs=100}
 * (or a second argument) runs the tutorial's 100 epochs in both styles. In float64 by default;
 * {@code -Dfluxion.s4.dtype=float32} trains in float32, as the tutorial computes: the data loaded
 * in float32 and the model converted, one line.
 */
public final class MnistSoftmax {
    /** The recipe's header in the tour. */
    public static final String TITLE = "S4. MNIST softmax regression, compiled and eager";
    /** The plots the recipe writes, without their {@code .png}. */
    public static final List<String> PLOTS = List.of("s4-cost", "s4-misclassified");
    /** The system property that asks for the full run: the number of epochs of each style. */
    public static final String EPOCHS_PROPERTY = "fluxion.s4.epochs";
    /** The system property that asks for float32 ({@code float32}; float64 when absent). */
    public static final String DTYPE_PROPERTY = "fluxion.s4.dtype";
    static final int BATCHES = SoftmaxStyles.BATCHES;
    static final int GRID = 24;

    private MnistSoftmax() {}

    /**
     * How much to train: epochs of the compiled style; epochs of the eager style, each cut after
     * {@code eagerBatches} batches.
     *
     * @param epochs compiled epochs
     * @param eagerEpochs eager epochs
     * @param eagerBatches batches per eager epoch, at most 600
     */
    public record Schedule(int epochs, int eagerEpochs, int eagerBatches) {
        /** The tour's default: three compiled epochs and the first 100 batches eagerly. */
        public static final Schedule SHORT = new Schedule(3, 1, 100);

        /** Checks the numbers. */
        public Schedule {
            if (epochs < 1 || eagerEpochs < 0 || eagerBatches < 1 || eagerBatches > BATCHES) {
                throw new IllegalArgumentException("S4 schedule: need epochs >= 1, eagerEpochs >= 0 and 1 <= eagerBatches <= "
                        + BATCHES + ", got " + epochs + ", " + eagerEpochs + ", " + eagerBatches);
            }
        }

        /** The tutorial's run: {@code epochs} whole epochs in each style. */
        public static Schedule full(int epochs) {
            return new Schedule(epochs, epochs, BATCHES);
        }

        /** {@link #SHORT} for a blank value, else {@link #full} of its number of epochs. */
        static Schedule parse(String epochs) {
            if (epochs == null || epochs.isBlank()) {
                return SHORT;
            }
            try {
                return full(Integer.parseInt(epochs.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("S4: the number of epochs must be a whole number, got '" + epochs + "'", e);
            }
        }
    }

    /**
     * The recipe's numbers.
     *
     * @param compiled the compiled style's run: weights, cost per epoch, timings
     * @param accuracy the test accuracy of its weights
     * @param eager the eager style's run
     * @param eagerAccuracy the test accuracy of its weights
     * @param misclassified how many test digits the compiled weights get wrong
     * @param plots the PNG files written
     */
    public record Result(SoftmaxStyles.Run compiled, double accuracy, SoftmaxStyles.Run eager, double eagerAccuracy,
            int misclassified, List<Path> plots) {}

    /**
     * Runs the recipe: {@code MnistSoftmax [mnist folder] [epochs]}, by default the folder
     * {@link MnistFiles#folder()} and the short schedule (or {@value #EPOCHS_PROPERTY}).
     */
    public static void main(String[] args) {
        System.out.println("== " + TITLE + " ==");
        Path dir = args.length > 0 ? Path.of(args[0]) : MnistFiles.folder();
        Schedule schedule = Schedule.parse(args.length > 1 ? args[1] : System.getProperty(EPOCHS_PROPERTY));
        run(Plots.folder(), dir, schedule);
    }

    /** The tour's S4: MNIST where {@link MnistFiles#folder()} says, the schedule {@value #EPOCHS_PROPERTY} says. */
    static void tour(Path plots) {
        run(plots, MnistFiles.folder(), Schedule.parse(System.getProperty(EPOCHS_PROPERTY)));
    }

    /** Runs the recipe (without its header); none, after saying how to get MNIST, when its files are absent. */
    public static Option<Result> run(Path plots, Path mnistDir, Schedule schedule) {
        if (!MnistFiles.present(mnistDir)) {
            System.out.println(MnistFiles.missing(mnistDir));
            return Option.none();
        }
        long started = System.nanoTime();
        DType dtype = dtype(System.getProperty(DTYPE_PROPERTY));
        Mnist mnist = Mnist.load(mnistDir, dtype);   // x / 255 flattened to 784, labels one-hot
        System.out.printf("MNIST from %s: %d training and %d test images, %s (read in %.1f s)%n",
                mnistDir.toAbsolutePath().normalize(), mnist.train().size(), mnist.test().size(), dtype, since(started));
        return Option.some(run(plots, mnist, schedule));
    }

    /** Runs the recipe (without its header) on MNIST already read. */
    public static Result run(Path plots, Mnist mnist, Schedule schedule) {
        if (schedule.equals(Schedule.SHORT)) {
            System.out.printf("Short schedule: %d compiled epochs, and %d of the %d batches of one epoch eagerly;"
                    + " the tutorial's 100 epochs: -D%s=100%n", schedule.epochs(), schedule.eagerBatches(), BATCHES,
                    EPOCHS_PROPERTY);
        }

        // W = tf.Variable(tf.zeros([784, 10])); b = tf.Variable(tf.zeros([10])); pred = tf.nn.softmax(x @ W + b)
        Var w = variable("W", 784, 10);
        Var b = variable("b", 10);
        Model model = Model.of(x -> x.matmul(w).plus(b).softmax(),
                Params.of(w, Tensor.zeros(Shape.of(784, 10))).and(b, Tensor.zeros(Shape.of(10))))
                .to(mnist.train().dtype());   // float32 when the data is: the whole run computes in it

        System.out.println("Compiled (graph style): one program per step gives the cost and the gradients");
        SoftmaxStyles.Run compiled = SoftmaxStyles.compiled(model, mnist.train(), schedule.epochs());
        double accuracy = accuracy(model.withParams(compiled.params()), mnist.test());
        System.out.printf("Optimization Finished! Test accuracy after %s: %.4f (the tutorial: 0.9225 after 100)%n",
                compiled.describe(), accuracy);

        System.out.println("Eager (a tape per batch, the update by hand)" + (schedule.eagerBatches() < BATCHES
                ? ": the first " + schedule.eagerBatches() + " batches of each epoch only" : ""));
        SoftmaxStyles.Run eager = SoftmaxStyles.eager(model, w, b, mnist.train(), schedule.eagerEpochs(),
                schedule.eagerBatches());
        double eagerAccuracy = accuracy(model.withParams(eager.params()), mnist.test());
        System.out.printf("Eager test accuracy after %s: %.4f%n", eager.describe(), eagerAccuracy);
        // The medians are over the batches each style ran: on the short schedule eager runs few, most of
        // them before the JIT has compiled its path, so its ratio is larger than a full run's.
        System.out.printf("Speed, median batch (of %d compiled, %d eager): compiled %.3f ms, eager %.3f ms: "
                        + "eager takes %.2f times as long%n", compiled.epochs() * compiled.batches(),
                eager.epochs() * eager.batches(), 1e3 * compiled.secondsPerBatch(), 1e3 * eager.secondsPerBatch(),
                eager.secondsPerBatch() / compiled.secondsPerBatch());
        if (compiled.wholeEpochs() == eager.wholeEpochs() && eager.wholeEpochs() > 0) {
            System.out.printf("  median epoch: compiled %.3f s, eager %.3f s; all %s: compiled %.1f s, eager %.1f s%n",
                    median(compiled.epochSeconds()), median(eager.epochSeconds()), epochs(eager.epochs()),
                    compiled.epochSeconds().sum().doubleValue(), eager.epochSeconds().sum().doubleValue());
            double gap = compiled.params().values().zip(eager.params().values())
                    .map(t -> t._1.minus(t._2).map(Math::abs).max()).max().get();
            System.out.println(gap == 0 ? "  the two styles' weights are equal to the last bit"
                    : String.format("  the two styles' weights differ by at most %.1e (rounding in another order)", gap));
        }

        System.out.println("plots:");
        Figure costs = Figure.perEpoch("Average cost per epoch (SGD 0.01, batches of 100)", "cost")
                .epochs("compiled", Series.doubles(compiled.cost()), compiled.epochs() > 20 ? "b-" : "b-o");
        if (eager.wholeEpochs() > 0) {
            costs.epochs("eager", Series.doubles(eager.cost()), "r--");
        }
        Misclassified wrong = Misclassified.of(model.withParams(compiled.params()), mnist.test());
        List<Path> written = List.of(costs.save(plots, PLOTS.get(0)),
                wrong.grid(plots, PLOTS.get(1), GRID, schedule.epochs()));
        return new Result(compiled, accuracy, eager, eagerAccuracy, wrong.count(), written);
    }

    /** float64 for a blank value, else the dtype named {@code float32} or {@code float64}. */
    static DType dtype(String name) {
        if (name == null || name.isBlank()) {
            return DType.FLOAT64;
        }
        return List.of(DType.values()).find(d -> d.toString().equals(name.strip())).getOrElseThrow(() ->
                new IllegalArgumentException("S4: -D" + DTYPE_PROPERTY + " must be float32 or float64, got '" + name + "'"));
    }

    /** The fraction of test digits whose most probable class is the label: tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1)). */
    private static double accuracy(Model model, Dataset test) {
        return Metrics.accuracyOf(model.predict(test.x()), test.y());
    }

    private static double median(List<Double> seconds) {
        return SoftmaxStyles.median(Series.doubles(seconds));
    }

    /** "1 epoch", "3 epochs". */
    static String epochs(int n) {
        return n + (n == 1 ? " epoch" : " epochs");
    }

    private static double since(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
