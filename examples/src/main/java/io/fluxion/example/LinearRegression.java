package io.fluxion.example;

import static io.fluxion.dsl.Dsl.show;
import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.example.plot.Figure;
import io.fluxion.example.plot.Plots;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Tape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Recipe S2: linear regression with a gradient tape. 200 noisy points around y = 0.3 + 0.5 x, the
 * model y = a + b x from a = b = 0, the sum of squared errors as the loss, and 70 epochs of plain
 * gradient descent on the full batch at learning rate 0.001, a tape per epoch. Keeps the history
 * of a, b and the cost, says at which epoch the cost flattens, and plots the fitted line over the
 * data and the cost per epoch.
 */
public final class LinearRegression {
    /** The recipe's header in the tour. */
    public static final String TITLE = "S2. Linear regression with a gradient tape";
    /** The plots the recipe writes, without their {@code .png}. */
    public static final List<String> PLOTS = List.of("s2-fit", "s2-cost");
    /** The seed of the data: x ~ U(0, 1) and the noise are drawn from {@code new Random(SEED)}. */
    public static final long SEED = 2;
    static final int POINTS = 200;
    static final int EPOCHS = 70;
    static final double LEARNING_RATE = 0.001;
    /**
     * The cost has flattened at the first epoch from which every further epoch lowers it by less
     * than this fraction of itself (0.01 %): by then the slow direction of the descent is all that
     * is left, and the curve looks flat at any scale that shows its start.
     */
    public static final double FLAT = 1e-4;

    private LinearRegression() {}

    /**
     * The recipe's numbers.
     *
     * @param x the inputs
     * @param y the targets
     * @param a a at the start of each epoch (where that epoch's cost is measured), then the final a
     * @param b likewise for b
     * @param cost the cost (SSE) of each epoch, before its update
     * @param flattensAt the epoch at which the cost flattens (see {@link #FLAT}), or -1 if it never does
     * @param minimum the least cost any line reaches on these data, where gradient descent is heading
     * @param plots the PNG files written
     */
    public record Result(double[] x, double[] y, List<Double> a, List<Double> b, List<Double> cost, int flattensAt,
            double minimum, List<Path> plots) {}

    /** Runs the recipe and plots into {@link Plots#folder()}. */
    public static void main(String[] args) {
        System.out.println("== " + TITLE + " ==");
        run(Plots.folder());
    }

    /** The data: x ~ U(0, 1), y = 0.3 + 0.5 x + N(0, 0.3), drawn from {@link #SEED}. */
    static double[][] data() {
        Random random = new Random(SEED);
        double[] x = new double[POINTS];
        double[] y = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            x[i] = random.nextDouble();
            y[i] = 0.3 + 0.5 * x[i] + 0.3 * random.nextGaussian();
        }
        return new double[][] {x, y};
    }

    /** Runs the recipe (without its header) and writes its plots into {@code plots}. */
    public static Result run(Path plots) {
        double[][] data = data();
        // x and y as inputs of the graph, bound to the data at every epoch.
        Var x = variable("x", POINTS);
        Var y = variable("y", POINTS);
        Bindings xy = Bindings.of(x, Tensor.vector(data[0])).and(y, Tensor.vector(data[1]));

        // a = tf.Variable(0.0); b = tf.Variable(0.0)
        Var a = variable("a");
        Var b = variable("b");
        // y_hat = a + b * x;  loss = tf.reduce_sum((y - y_hat) ** 2)
        Expr loss = y.minus(a.plus(b.times(x))).square().sum();
        System.out.println("loss = " + show(loss));

        double av = 0;
        double bv = 0;
        List<Double> as = List.empty();
        List<Double> bs = List.empty();
        List<Double> costs = List.empty();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            // with tf.GradientTape() as tape: ...; da, db = tape.gradient(loss, [a, b])
            Tape tape = Tape.record(loss, xy.and(a, av).and(b, bv));
            List<Tensor> grads = tape.gradients(List.of(a, b));
            double cost = tape.value().item();
            as = as.append(av);
            bs = bs.append(bv);
            costs = costs.append(cost);
            // a.assign_sub(learning_rate * da); b.assign_sub(learning_rate * db)
            av -= LEARNING_RATE * grads.get(0).item();
            bv -= LEARNING_RATE * grads.get(1).item();
            System.out.println("Epoch: " + epoch + ", Loss: " + cost);
        }
        as = as.append(av);
        bs = bs.append(bv);
        System.out.printf("fitted: y = %.4f + %.4f x  (the data: y = 0.3 + 0.5 x + noise)%n", av, bv);

        int flat = flattensAt(costs);
        if (flat < 0) {
            System.out.printf("the cost still falls by more than %.2g of itself per epoch at epoch %d%n", FLAT, EPOCHS - 1);
        } else {
            System.out.printf("the cost falls steeply until epoch %d (%.2f to %.2f) and flattens at epoch %d (%.4f):%n"
                    + "  from there each epoch lowers it by less than %.2g of itself (the tutorial: around 64-65)%n",
                    10, costs.get(0), costs.get(10), flat, costs.get(flat), FLAT);
        }

        double minimum = leastSquares(data);
        System.out.printf("the least cost of any line is %.4f (least squares); after %d epochs the cost is %.4f above it%n",
                minimum, EPOCHS, costs.last() - minimum);

        System.out.println("plots:");
        List<Path> written = plot(plots, data, av, bv, costs, flat, minimum);
        return new Result(data[0], data[1], as, bs, costs, flat, minimum, written);
    }

    /**
     * The first epoch e such that every epoch from e on lowers the cost by less than {@link #FLAT}
     * of the cost before it; -1 if the last epoch still does not.
     */
    static int flattensAt(List<Double> costs) {
        int flat = -1;
        for (int e = costs.size() - 1; e >= 1; e--) {
            double relative = (costs.get(e - 1) - costs.get(e)) / costs.get(e - 1);
            if (relative >= FLAT) {
                break;
            }
            flat = e;
        }
        return flat;
    }

    /** The sum of squared errors of the least-squares line through the data (the normal equations). */
    static double leastSquares(double[][] data) {
        double[] x = data[0];
        double[] y = data[1];
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double b = sxy / sxx;
        double a = my - b * mx;
        double sse = 0;
        for (int i = 0; i < x.length; i++) {
            double r = y[i] - a - b * x[i];
            sse += r * r;
        }
        return sse;
    }

    /**
     * The data with the fitted line in r--, as the tutorial; the cost per epoch from epoch 0, and
     * how far it is above the least cost, on a log scale: on a linear one the cost looks flat from
     * epoch 5, while its excess keeps falling, by a constant factor an epoch once only the slow
     * direction of the descent is left.
     */
    private static List<Path> plot(Path folder, double[][] data, double a, double b, List<Double> costs, int flat,
            double minimum) {
        double[] ends = {0, 1};
        double[] line = {a, a + b};
        double[] epochs = Series.count(0, costs.size());
        Figure cost = Figure.of("Cost (SSE) per epoch, and how far it is above the least cost", "epoch", "SSE (log scale)")
                .logY()
                .plot("cost", epochs, Series.doubles(costs), "b-")
                .plot(String.format("cost - least cost (%.4f)", minimum), epochs,
                        Series.doubles(costs.map(c -> c - minimum)), "g-");
        if (flat >= 0) {
            cost.plot("flat from epoch " + flat, new double[] {flat}, new double[] {costs.get(flat)}, "ro");
        }
        return List.of(
                Figure.of(String.format("Linear regression: y = %.3f + %.3f x after %d epochs", a, b, EPOCHS), "x", "y")
                        .scatter("data", data[0], data[1])
                        .plot("fit", ends, line, "r--")
                        .save(folder, PLOTS.get(0)),
                cost.save(folder, PLOTS.get(1)));
    }
}
