package io.fluxion.example;

import io.fluxion.data.Dataset;
import io.fluxion.data.Mnist;
import io.fluxion.example.plot.Figure;
import io.fluxion.example.plot.ImageGrid;
import io.fluxion.example.plot.Plots;
import io.fluxion.expr.Var;
import io.fluxion.nn.Activations;
import io.fluxion.nn.Conv2D;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Flatten;
import io.fluxion.nn.Losses;
import io.fluxion.nn.MaxPool2D;
import io.fluxion.nn.Metrics;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.nn.Sequential;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.Epoch;
import io.fluxion.train.FitOptions;
import io.fluxion.train.Training;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Path;

/**
 * Recipe S6: a LeNet-5-like convolutional network on MNIST, as PyTorch's MNIST example builds it
 * with {@code torch.nn}: the 28 × 28 digits through conv 5 × 5 (6 channels, ReLU) → max pool 2 →
 * conv 5 × 5 (16 channels, ReLU) → max pool 2 → flatten (256) → dense 120 (ReLU) → dense 10 (the
 * logits), trained with the existing {@link Training}: the softmax cross-entropy of the logits,
 * Adam at 1e-3, shuffled batches of 64. Prints each epoch's loss and the test accuracy, plots the
 * loss per epoch and the 6 learned filters of the first layer. By default
 * {@value #FULL_EPOCHS} epochs on all 60,000 training images; the tour's short schedule trains
 * one epoch on the first {@value #SHORT_IMAGES}. {@code -Dfluxion.s6.epochs=N} sets the epochs.
 */
public final class MnistCnn {
    /** The recipe's header in the tour. */
    public static final String TITLE = "S6. MNIST with a small convolutional network (LeNet-5-like)";
    /** The plots the recipe writes, without their {@code .png}. */
    public static final List<String> PLOTS = List.of("s6-loss", "s6-filters");
    /** The system property that sets the number of epochs (on every training image). */
    public static final String EPOCHS_PROPERTY = "fluxion.s6.epochs";
    /** The epochs of the recipe's own run. */
    public static final int FULL_EPOCHS = 5;
    /** The training images of the tour's short schedule. */
    public static final int SHORT_IMAGES = 6_000;
    static final int BATCH = 64;
    static final long SEED = 0L;
    /** How many screen cells of the filter grid one filter weight takes (times the grid's own 4 pixels). */
    static final int FILTER_ZOOM = 5;

    private MnistCnn() {}

    /**
     * How much to train.
     *
     * @param epochs the epochs
     * @param images the training images used (the first ones), at most 60,000
     */
    public record Schedule(int epochs, int images) {
        /** The tour's: one epoch on the first {@value #SHORT_IMAGES} images. */
        public static final Schedule SHORT = new Schedule(1, SHORT_IMAGES);

        /** Checks the numbers. */
        public Schedule {
            if (epochs < 1 || images < 1) {
                throw new IllegalArgumentException("S6 schedule: need at least one epoch and one image, got " + epochs
                        + " epochs, " + images + " images");
            }
        }

        /** {@code epochs} epochs on every training image. */
        public static Schedule full(int epochs) {
            return new Schedule(epochs, Integer.MAX_VALUE);
        }

        /** {@code fallback} for a blank value, else {@link #full} of its number of epochs. */
        static Schedule parse(String epochs, Schedule fallback) {
            if (epochs == null || epochs.isBlank()) {
                return fallback;
            }
            try {
                return full(Integer.parseInt(epochs.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("S6: the number of epochs must be a whole number, got '" + epochs + "'", e);
            }
        }
    }

    /**
     * The recipe's numbers.
     *
     * @param history the epochs trained
     * @param accuracy the test accuracy after the last
     * @param epochSeconds the wall time of each epoch
     * @param plots the PNG files written
     */
    public record Result(List<Epoch> history, double accuracy, List<Double> epochSeconds, List<Path> plots) {}

    /**
     * Each of the (n, side, side) images with every pixel repeated zoom × zoom times, so that a
     * 5 × 5 filter is drawn as large as a digit.
     */
    static Tensor enlarged(Tensor images, int zoom) {
        int n = images.shape().dim(0);
        int side = images.shape().dim(1);
        int big = side * zoom;
        double[] out = new double[n * big * big];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < big; r++) {
                for (int c = 0; c < big; c++) {
                    out[(i * big + r) * big + c] = images.get(i, r / zoom, c / zoom);
                }
            }
        }
        return Tensor.of(io.fluxion.tensor.Shape.of(n, big, big), out);
    }

    /** The network, a fresh copy of it for each seed (layers' seeds are seed, seed + 1, …). */
    public static Model lenet(long seed) {
        return Sequential.of(
                Model.of(x -> x.reshape(x.shape().dim(0), 1, 28, 28), Params.empty()),   // (N, 784) to (N, 1, 28, 28)
                Conv2D.of(1, 6, 5, seed, Activations.RELU),                              // (N, 6, 24, 24)
                MaxPool2D.of(2),                                                          // (N, 6, 12, 12)
                Conv2D.of(6, 16, 5, seed + 1, Activations.RELU),                          // (N, 16, 8, 8)
                MaxPool2D.of(2),                                                          // (N, 16, 4, 4)
                Flatten.of(),                                                             // (N, 256)
                Dense.of(256, 120, seed + 2, Activations.RELU),
                Dense.of(120, 10, seed + 3));                                             // the logits
    }

    /** Runs the recipe: {@code MnistCnn [mnist folder] [epochs]}, by default {@value #FULL_EPOCHS} epochs. */
    public static void main(String[] args) {
        System.out.println("== " + TITLE + " ==");
        Path dir = args.length > 0 ? Path.of(args[0]) : MnistFiles.folder();
        Schedule schedule = Schedule.parse(args.length > 1 ? args[1] : System.getProperty(EPOCHS_PROPERTY),
                Schedule.full(FULL_EPOCHS));
        run(Plots.folder(), dir, schedule);
    }

    /** The tour's S6: the short schedule unless {@value #EPOCHS_PROPERTY} says otherwise. */
    static void tour(Path plots) {
        run(plots, MnistFiles.folder(), Schedule.parse(System.getProperty(EPOCHS_PROPERTY), Schedule.SHORT));
    }

    /** Runs the recipe (without its header); none, after saying how to get MNIST, when its files are absent. */
    public static Option<Result> run(Path plots, Path mnistDir, Schedule schedule) {
        if (!MnistFiles.present(mnistDir)) {
            System.out.println(MnistFiles.missing(mnistDir, "S6", "MnistCnn"));
            return Option.none();
        }
        return Option.some(run(plots, Mnist.load(mnistDir), schedule));
    }

    /** Runs the recipe (without its header) on MNIST already read. */
    public static Result run(Path plots, Mnist mnist, Schedule schedule) {
        Dataset train = schedule.images() < mnist.train().size() ? mnist.train().take(schedule.images()) : mnist.train();
        if (schedule.equals(Schedule.SHORT)) {
            System.out.printf("Short schedule: %d epoch on the first %d training images; the recipe's own run: "
                    + "-D%s=%d%n", schedule.epochs(), train.size(), EPOCHS_PROPERTY, FULL_EPOCHS);
        }
        Model model = lenet(SEED);
        System.out.println("The network: " + model);
        Training training = Training.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(1e-3))
                .metric("accuracy", Metrics::accuracy);
        List<Epoch> history = List.empty();
        List<Double> seconds = List.empty();
        // Epoch by epoch, to time each; the same as one fit of all the epochs.
        Option<Epoch> last = Option.none();
        for (int e = 0; e < schedule.epochs(); e++) {
            long started = System.nanoTime();
            Epoch epoch = last.isEmpty() ? training.epochs(train, BATCH, SEED).head()
                    : training.epochsAfter(last.get(), train, BATCH, Option.some(SEED)).head();
            epoch.loss();   // an epoch of the stream runs when its values are first read
            double s = (System.nanoTime() - started) / 1e9;
            System.out.printf("Epoch %d/%d - loss: %.4f - accuracy: %.4f - %.1f s%n", epoch.epoch(), schedule.epochs(),
                    epoch.loss(), epoch.metric("accuracy").get(), s);
            history = history.append(epoch);
            seconds = seconds.append(s);
            last = Option.some(epoch);
        }
        Params learned = last.get().params();
        double accuracy = training.evaluate(learned, mnist.test(), 500).get("accuracy").get();
        System.out.printf("Test accuracy after %s on %d images: %.4f%n", MnistSoftmax.epochs(schedule.epochs()),
                train.size(), accuracy);

        System.out.println("plots:");
        Path loss = Figure.perEpoch("Training loss per epoch (Adam 1e-3, batches of " + BATCH + ")", "loss")
                .epochs("LeNet-5-like", Series.doubles(history.map(Epoch::loss)), "b-o").save(plots, PLOTS.get(0));
        Var kernel = learned.vars().find(v -> v.name().equals("conv2d.kernel")).get();
        Tensor filters = enlarged(learned.get(kernel).reshape(6, 5, 5), FILTER_ZOOM);
        Path grid = ImageGrid.save(plots, PLOTS.get(1), "Layer-1 filters, " + MnistSoftmax.epochs(schedule.epochs()),
                filters, java.util.List.of("1", "2", "3", "4", "5", "6"), 6);
        return new Result(history, accuracy, seconds, List.of(loss, grid));
    }
}
