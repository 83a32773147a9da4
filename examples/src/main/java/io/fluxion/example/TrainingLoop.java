package io.fluxion.example;

import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.data.Dataset;
import io.fluxion.example.plot.Figure;
import io.fluxion.example.plot.Plots;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Tape;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.Checkpoint;
import io.fluxion.train.Epoch;
import io.fluxion.train.FitOptions;
import io.fluxion.train.Training;
import io.vavr.collection.List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Recipe S3: the basic training loop. Data on the line y = 3x + 2 with unit noise, a model
 * f(x) = W x + b from W = 5, b = 0 that lists its variables, the mean squared error, and ten
 * epochs of full-batch gradient descent at rate 0.1 written out with a tape, printing W and b per
 * epoch; then the same model trained through the Keras-like {@code fit}, its weights saved to a
 * checkpoint and read back. Plots W and b per epoch against the true values, and the data with
 * the ground truth and the predictions before and after training.
 */
public final class TrainingLoop {
    /** The recipe's header in the tour. */
    public static final String TITLE = "S3. Basic training loop";
    /** The plots the recipe writes, without their {@code .png}. */
    public static final List<String> PLOTS = List.of("s3-history", "s3-fit");
    /** The checkpoint file written into the plots folder. */
    public static final String CHECKPOINT = "my_checkpoint.npz";
    /** The seed of the noise, drawn from {@code new Random(SEED)}. */
    public static final long SEED = 3;
    static final double TRUE_W = 3;
    static final double TRUE_B = 2;
    static final int EXAMPLES = 201;
    static final int EPOCHS = 10;
    static final double LEARNING_RATE = 0.1;

    private TrainingLoop() {}

    /**
     * The recipe's numbers.
     *
     * @param initialLoss the loss of W = 5, b = 0
     * @param w W after each epoch of the tape loop, W = 5 first
     * @param b b after each epoch of the tape loop, b = 0 first
     * @param loss the loss after each epoch of the tape loop, the initial loss first
     * @param fitLoss the loss {@code fit} prints per epoch (Keras's: measured before each update)
     * @param fitted the parameters {@code fit} reached
     * @param reloaded the parameters read back from the checkpoint
     * @param checkpoint the checkpoint file
     * @param plots the PNG files written
     */
    public record Result(double initialLoss, List<Double> w, List<Double> b, List<Double> loss, List<Double> fitLoss,
            Params fitted, Params reloaded, Path checkpoint, List<Path> plots) {}

    /** Runs the recipe and plots into {@link Plots#folder()}. */
    public static void main(String[] args) {
        System.out.println("== " + TITLE + " ==");
        run(Plots.folder());
    }

    /** Runs the recipe (without its header) on data with unit noise, writing into {@code plots}. */
    public static Result run(Path plots) {
        return run(plots, 1.0);
    }

    /** x = linspace(-2, 2, 201) and y = 3x + 2 + noise · N(0, 1), the noise drawn from {@link #SEED}. */
    static double[][] data(double noise) {
        Random random = new Random(SEED);
        double[] x = new double[EXAMPLES];
        double[] y = new double[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            x[i] = -2 + 4.0 * i / (EXAMPLES - 1);
            y[i] = x[i] * TRUE_W + TRUE_B + noise * random.nextGaussian();
        }
        return new double[][] {x, y};
    }

    /** Runs the recipe with the noise scaled by {@code noise} (0: points on the line, as a check against the tutorial's trace). */
    public static Result run(Path plots, double noise) {
        double[][] data = data(noise);
        Tensor xs = Tensor.of(Shape.of(EXAMPLES, 1), data[0]);
        Tensor ys = Tensor.of(Shape.of(EXAMPLES, 1), data[1]);

        // class MyModel(tf.Module): self.w = tf.Variable(5.0); self.b = tf.Variable(0.0); __call__: w * x + b
        Var w = variable("W");
        Var b = variable("b");
        Model model = Model.of(in -> in.times(w).plus(b), Params.of(w, Tensor.scalar(5)).and(b, Tensor.scalar(0)));
        System.out.println("Variables:\n" + model.params().toString().indent(2).stripTrailing());
        System.out.println("model(3.0) = " + model.predict(Tensor.scalar(3)).item());

        // loss = tf.reduce_mean(tf.square(target_y - predicted_y)), on the whole data as one batch
        Var x = variable("x", EXAMPLES, 1);
        Var y = variable("y", EXAMPLES, 1);
        Expr loss = Losses.mse(model.apply(x), y);
        Bindings batch = Bindings.of(x, xs).and(y, ys);
        Tensor before = model.predict(xs);

        Params p = model.params();
        double current = Tape.record(loss, batch.and(Bindings.of(p.toMap()))).value().item();
        System.out.printf("Current loss: %1.6f%n", current);
        System.out.println("Starting:");
        System.out.println("     " + report(p, w, b, current));
        List<Double> ws = List.of(5.0);
        List<Double> bs = List.of(0.0);
        List<Double> losses = List.of(current);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            // train(): with tf.GradientTape() as t: current_loss = loss(y, model(x)); dw, db = t.gradient(...)
            List<Tensor> grads = Tape.record(loss, batch.and(Bindings.of(p.toMap()))).gradients(List.of(w, b));
            // model.w.assign_sub(learning_rate * dw); model.b.assign_sub(learning_rate * db)
            p = Params.of(w, p.get(w).minus(grads.get(0).times(LEARNING_RATE)))
                    .and(b, p.get(b).minus(grads.get(1).times(LEARNING_RATE)));
            double after = Tape.record(loss, batch.and(Bindings.of(p.toMap()))).value().item();
            ws = ws.append(p.get(w).item());
            bs = bs.append(p.get(b).item());
            losses = losses.append(after);
            System.out.printf("Epoch %2d:%n", epoch);
            System.out.println("     " + report(p, w, b, after));
        }
        Tensor trained = model.withParams(p).predict(xs);

        // keras_model.compile(optimizer=SGD(learning_rate=0.1), loss=mean_squared_error)
        // keras_model.fit(x, y, epochs=10, batch_size=1000)
        System.out.println("The same model through fit (SGD 0.1, MSE, 10 epochs, batch size 1000):");
        Training keras = Training.of(model, Losses::mse, Optimizers.sgd(LEARNING_RATE));
        List<Epoch> history = keras.fit(Dataset.of(xs, ys), EPOCHS, 1000, FitOptions.defaults().progress(false));
        Params fitted = history.last().params();
        System.out.printf("fit reaches W = %.6f, b = %.6f (the loop: W = %.6f, b = %.6f)%n",
                fitted.get(w).item(), fitted.get(b).item(), p.get(w).item(), p.get(b).item());

        // keras_model.save_weights("my_checkpoint"), then load_weights into the model
        Path checkpoint = plots.resolve(CHECKPOINT);
        createDirectories(plots);
        Checkpoint.save(fitted, checkpoint);
        Params reloaded = Checkpoint.load(checkpoint, model.params());
        System.out.println("saved the weights to " + checkpoint.toAbsolutePath().normalize() + "; reloaded equal: "
                + reloaded.equals(fitted));

        System.out.println("plots:");
        List<Path> written = plot(plots, data, ws, bs, before, trained);
        return new Result(current, ws, bs, losses, history.map(Epoch::loss), fitted, reloaded, checkpoint, written);
    }

    private static void createDirectories(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + folder, e);
        }
    }

    /** The tutorial's report line: {@code W = 4.46, b = 0.40, loss=6.31225}. */
    private static String report(Params p, Var w, Var b, double loss) {
        return String.format("W = %1.2f, b = %1.2f, loss=%2.5f", p.get(w).item(), p.get(b).item(), loss);
    }

    /** W and b per epoch beside their true values (dashed, same colour); data, truth and predictions. */
    private static List<Path> plot(Path folder, double[][] data, List<Double> ws, List<Double> bs, Tensor before,
            Tensor after) {
        double[] epochs = Series.count(0, ws.size());
        double[] truth = new double[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            truth[i] = data[0][i] * TRUE_W + TRUE_B;
        }
        return List.of(
                Figure.of("W and b after each epoch of training (0: the start)", "epochs trained", "value")
                        .plot("W", epochs, Series.doubles(ws), "b-")
                        .plot("true W", epochs, Series.constant(TRUE_W, epochs.length), "b--")
                        .plot("b", epochs, Series.doubles(bs), "r-")
                        .plot("true b", epochs, Series.constant(TRUE_B, epochs.length), "r--")
                        .save(folder, PLOTS.get(0)),
                Figure.of("Data, ground truth and predictions before and after training", "x", "y")
                        .plot("data", data[0], data[1], "b.")
                        .plot("ground truth", data[0], truth, "k-")
                        .plot("before (W = 5, b = 0)", data[0], before.toArray(), "r--")
                        .plot("after 10 epochs", data[0], after.toArray(), "g-")
                        .save(folder, PLOTS.get(1)));
    }
}
