package io.fluxion.example;

import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.data.Batch;
import io.fluxion.data.Dataset;
import io.fluxion.example.plot.Figure;
import io.fluxion.example.plot.Plots;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Tape;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.CandidateScore;
import io.fluxion.train.EarlyStopping;
import io.fluxion.train.Epoch;
import io.fluxion.train.FitOptions;
import io.fluxion.train.GridResult;
import io.fluxion.train.GridSearch;
import io.fluxion.train.Training;
import io.vavr.collection.List;
import java.nio.file.Path;

/**
 * Recipe S5: metres to feet with one neuron. Seven pairs, one Dense unit, the mean squared error
 * and Adam: 100 epochs at Adam's default rate predict 100 m badly; a grid search over the learning
 * rate with 3-fold cross-validation finds a rate whose refit converts 100 m almost exactly; early
 * stopping on the training loss ends the run by itself; and the same model is trained once more
 * by hand, PyTorch style, with a tape and the optimizer's update in an explicit loop.
 */
public final class MetresToFeet {
    /** The recipe's header in the tour. */
    public static final String TITLE = "S5. Metres to feet: one neuron, Adam, grid search, early stopping";
    /** The plots the recipe writes, without their {@code .png}. */
    public static final List<String> PLOTS = List.of("s5-loss");
    static final double[] METRES = {1, 8, 4, 5, 12, 10, 17};
    static final double[] FEET = {3.28084, 26.24672, 13.12336, 16.4042, 39.37008, 32.8084, 55.77428};
    static final Dataset DATA = Dataset.of(Tensor.of(Shape.of(7, 1), METRES), Tensor.of(Shape.of(7, 1), FEET));
    static final List<Double> RATES = List.of(0.001, 0.01, 0.1, 0.2, 0.25, 0.3);
    /** The seed of the Dense kernel's Glorot-uniform draw. */
    static final long INIT_SEED = 42;
    /** The seed of the folds and of every epoch's shuffle. */
    static final long SHUFFLE_SEED = 0;
    static final Tensor HUNDRED_METRES = Tensor.of(Shape.of(1, 1), 100);
    static final int MAX_EPOCHS = 500;

    private MetresToFeet() {}

    /**
     * The recipe's numbers.
     *
     * @param defaultRate 100 m in feet after 100 epochs at Adam's default rate 0.001
     * @param defaultLosses the loss per epoch of that run
     * @param search the grid search's scores and best rate
     * @param refit 100 m in feet from the best rate refitted on all the data
     * @param stopped the epochs of the early-stopped run (the last carries the best parameters)
     * @param stoppedPrediction 100 m in feet from the early-stopped run's best parameters
     * @param byHand the neuron trained by the PyTorch-style loop, 100 epochs
     * @param byHandPrediction 100 m in feet from them
     * @param plots the PNG files written
     */
    public record Result(double defaultRate, List<Double> defaultLosses, GridResult<Double> search, double refit,
            List<Epoch> stopped, double stoppedPrediction, Model byHand, double byHandPrediction, List<Path> plots) {}

    /** Runs the recipe and plots into {@link Plots#folder()}. */
    public static void main(String[] args) {
        System.out.println("== " + TITLE + " ==");
        run(Plots.folder());
    }

    /** One Dense unit, y = w x + b: the kernel drawn Glorot-uniform from {@link #INIT_SEED}, the bias 0. */
    static Model neuron() {
        return Dense.of(1, 1, INIT_SEED);
    }

    /** Runs the recipe (without its header) and writes its plots into {@code plots}. */
    public static Result run(Path plots) {
        // model = Sequential([Dense(units=1, input_shape=[1])]); model.compile(loss="mse", optimizer=Adam())
        // model.fit(metres, feet, epochs=100, verbose=0)  (Keras's batch of 32 holds all 7 pairs)
        Model model = neuron();
        List<Epoch> first = Training.of(model, Losses::mse, Optimizers.adam(0.001)).fit(DATA, 100, 32,
                FitOptions.quiet());
        double defaultRate = feetFor100m(model.withParams(first.last().params()));
        System.out.printf("100 epochs at Adam's default rate 0.001: loss %.2f, 100 m -> %.2f ft "
                + "(the tutorial: 57.6; true 328.084)%n", first.last().loss(), defaultRate);

        // GridSearchCV(model, {"learning_rate": [...]}, cv=3, scoring="neg_mean_squared_error"), 500 epochs, batch 1
        GridResult<Double> search = GridSearch.of(RATES,
                        lr -> Training.of(neuron(), Losses::mse, Optimizers.adam(lr)))
                .folds(3).epochs(MAX_EPOCHS).batchSize(1).seed(SHUFFLE_SEED).run(DATA);
        System.out.println("grid search, 3-fold cross-validation, negative MSE, 500 epochs of batch 1:");
        System.out.println("  rate    mean score     std          fold scores");
        for (CandidateScore<Double> s : search.scores()) {
            System.out.printf("  %-6s %12s %12s   %s%s%n", s.candidate(), score(s.mean()), score(s.std()),
                    s.folds().map(MetresToFeet::score).mkString(", "),
                    s == search.bestScore() ? "  <- best" : "");
        }
        double refit = feetFor100m(search.refit());
        System.out.printf("best rate %s, refitted on all 7 pairs: 100 m -> %.4f ft (true 328.084; the tutorial: 327.94)%n",
                search.best(), refit);

        // EarlyStopping(monitor="loss", patience=7, min_delta=0.0001), at the best rate, batch 1, shuffled
        EarlyStopping stopping = EarlyStopping.of(7, 1e-4);
        Model patient = neuron();
        List<Epoch> stopped = stopping.apply(Training.of(patient, Losses::mse, Optimizers.adam(search.best()))
                .epochs(DATA, 1, SHUFFLE_SEED)).take(MAX_EPOCHS).toList();
        double stoppedPrediction = feetFor100m(patient.withParams(stopped.last().params()));
        if (stopped.size() < MAX_EPOCHS) {
            System.out.printf("early stopping (loss, patience 7, min delta 1e-4) stopped after epoch %d of at most %d; "
                    + "with the best weights, 100 m -> %.4f ft%n", stopped.last().epoch(), MAX_EPOCHS, stoppedPrediction);
        } else {
            System.out.printf("early stopping never fired in %d epochs; 100 m -> %.4f ft%n", MAX_EPOCHS, stoppedPrediction);
        }

        Model byHand = byHand(0.1, 100);
        double byHandPrediction = feetFor100m(byHand);
        System.out.printf("by hand, PyTorch style (Adam 0.1, 100 epochs of batch 1): 100 m -> %.4f ft%n",
                byHandPrediction);

        System.out.println("plots:");
        List<Double> defaultLosses = first.map(Epoch::loss);
        List<Path> written = List.of(Figure.perEpoch("Loss per epoch (log scale)", "MSE")
                .logY()
                .epochs("Adam 0.001, 100 epochs of one batch", Series.doubles(defaultLosses), "b-")
                .epochs("Adam " + search.best() + ", batch 1, early stopping", Series.doubles(stopped.map(Epoch::loss)),
                        "r-")
                .save(plots, PLOTS.get(0)));
        return new Result(defaultRate, defaultLosses, search, refit, stopped, stoppedPrediction, byHand,
                byHandPrediction, written);
    }

    /** A score to three significant digits; a fit that is exact to the last bit scores 0, printed so. */
    private static String score(double v) {
        return v == 0 ? "0" : String.format("%.3g", v);
    }

    /** The model's prediction for 100 m. */
    static double feetFor100m(Model model) {
        return model.predict(HUNDRED_METRES).item();
    }

    /**
     * The PyTorch loop written out: for each epoch, for each batch of one pair in order, the loss
     * recorded on a tape, its gradients, and the optimizer's update.
     */
    static Model byHand(double lr, int epochs) {
        Model model = neuron();                                  // model = nn.Linear(1, 1)
        var optimizer = Optimizers.adam(lr);                     // torch.optim.Adam(model.parameters(), lr=0.1)
        Var x = variable("x", 1, 1);
        Var y = variable("y", 1, 1);
        Expr loss = Losses.mse(model.apply(x), y);               // loss_fn = nn.MSELoss()
        List<Var> vars = model.params().vars();
        Params params = model.params();
        var state = optimizer.init(params);
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (Batch batch : DATA.batches(1)) {
                // optimizer.zero_grad(); loss = loss_fn(model(xb), yb); loss.backward()
                // (a fresh tape per batch: there are no gradients left over to zero)
                Tape tape = Tape.record(loss, Bindings.of(params.toMap()).and(x, batch.x()).and(y, batch.y()));
                List<Tensor> g = tape.gradients(vars);
                Params grads = vars.zip(g).foldLeft(Params.empty(), (p, vg) -> p.and(vg._1, vg._2));
                // optimizer.step()
                var step = optimizer.update(grads, state, params);
                params = step.params();
                state = step.state();
            }
        }
        return model.withParams(params);
    }
}
