package io.fluxion.example;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.show;
import static io.fluxion.dsl.Dsl.simplify;
import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.example.plot.Figure;
import io.fluxion.example.plot.Plots;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.interp.Tape;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import java.nio.file.Path;

/**
 * Recipe S1: TensorFlow's gradient-tape tutorial on y = a x² + b x + c with a = 1, b = -2, c = 1 —
 * first and second derivatives, gradients with respect to the "watched" constants, the same
 * gradient in a compiled function, and minimisation by SGD in four styles. Plots y with its first
 * and second derivatives, and the SGD path on the curve, into the plots folder.
 */
public final class QuadraticTape {
    /** The recipe's header in the tour. */
    public static final String TITLE = "S1. Gradient tape on a quadratic";
    /** The plots the recipe writes, without their {@code .png}. */
    public static final List<String> PLOTS = List.of("s1-derivatives", "s1-sgd-path", "s1-sgd-distance");

    private QuadraticTape() {}

    /**
     * The recipe's numbers.
     *
     * @param y0 y at x = 0
     * @param dydx dy/dx at x = 0, from the tape
     * @param abc dy/da, dy/db, dy/dc at x = 0 (the "watched" constants)
     * @param d2ydx2 the second derivative, from nested gradients
     * @param f0 the compiled f(0) = (dy/dx, y)
     * @param f1 the compiled f(1) = (dy/dx, y)
     * @param sgd the x each of the four SGD styles reaches
     * @param plots the PNG files written
     */
    public record Result(double y0, double dydx, List<Double> abc, double d2ydx2, List<Double> f0, List<Double> f1,
            List<Double> sgd, List<Path> plots) {}

    /** Runs the recipe, prints what the tutorial prints, and plots into {@link Plots#folder()}. */
    public static void main(String[] args) {
        System.out.println("== " + TITLE + " ==");
        run(Plots.folder());
    }

    /** Runs the recipe (without its header) and writes its plots into {@code plots}. */
    public static Result run(Path plots) {
        Var x = variable("x");
        Var a = variable("a");
        Var b = variable("b");
        Var c = variable("c");
        Expr y = x.pow(2).times(a).plus(b.times(x)).plus(c);
        Bindings at = Bindings.of(x, 0.0).and(a, 1.0).and(b, -2.0).and(c, 1.0);

        System.out.println("y = " + show(y));
        Tape tape = Tape.record(y, at);
        System.out.printf("y(0) = %s, dy/dx = %s%n", tape.value(), tape.gradient(x));
        List<Double> abc = tape.gradients(List.of(a, b, c)).map(t -> t.item());
        System.out.printf("watching the constants: dy/da = %s, dy/db = %s, dy/dc = %s%n", abc.get(0), abc.get(1), abc.get(2));
        Expr dydx = grad(y, x);
        System.out.println("dy/dx = " + show(simplify(dydx)));
        Expr d2ydx2 = grad(dydx, x);
        double d2 = evaluate(d2ydx2, at).item();
        System.out.println("d2y/dx2 (nested gradients) = " + d2);

        Program f = compile(dydx, y);
        System.out.println("compiled f(x) -> (dy/dx, y):");
        System.out.println(f.listing().indent(4).stripTrailing());
        List<List<Double>> fs = List.of(0.0, 1.0).map(x0 -> f.run(at.and(x, x0)).map(t -> t.item()));
        fs.zipWithIndex().forEach(p -> System.out.printf("  f(%s) -> (%s, %s)%n", p._2, p._1.get(0), p._1.get(1)));

        double lr = 0.01;
        int steps = 1000;
        // 1. Explicit gradient from a fresh tape each step, then x -= lr * g (apply_gradients).
        double x1 = 0;
        for (int i = 0; i < steps; i++) {
            x1 -= lr * Tape.record(y, at.and(x, x1)).gradient(x).item();
        }
        // 2. minimize(y, x): the same step behind a function of the loss and the variable.
        double x2 = minimize(y, x, at, lr, steps);
        // 3. The gradient compiled once, the loop outside it.
        Program g = compile(dydx);
        double x3 = 0;
        for (int i = 0; i < steps; i++) {
            x3 -= lr * g.run(at.and(x, x3)).head().item();
        }
        // 4. The loop inside: a fold over a stream of (step, x) states, kept for the plot.
        Stream<Tuple2<Integer, Double>> path = Stream.iterate(Tuple.of(0, 0.0),
                        s -> Tuple.of(s._1 + 1, s._2 - lr * g.run(at.and(x, s._2)).head().item()))
                .take(steps + 1);
        double x4 = path.last()._2;
        System.out.printf("SGD lr=%s, %d steps from x=0:%n", lr, steps);
        System.out.printf("  explicit gradients   x = %.9f, y = %.9f%n", x1, evaluate(y, at.and(x, x1)).item());
        System.out.printf("  minimize             x = %.9f, y = %.9f%n", x2, evaluate(y, at.and(x, x2)).item());
        System.out.printf("  compiled step        x = %.9f, y = %.9f%n", x3, evaluate(y, at.and(x, x3)).item());
        System.out.printf("  compiled loop (fold) x = %.9f, y = %.9f%n", x4, evaluate(y, at.and(x, x4)).item());
        System.out.printf("  (tutorial, float32:  x = 0.999998569; exact in double: 1 - 0.98^1000 = %.12f)%n",
                1 - Math.pow(0.98, steps));

        System.out.println("plots:");
        List<Path> written = plot(plots, compile(y, dydx, d2ydx2), x, at, path.filter(s -> s._1 % 25 == 0).toList());
        return new Result(tape.value().item(), tape.gradient(x).item(), abc, d2, fs.get(0), fs.get(1),
                List.of(x1, x2, x3, x4), written);
    }

    /**
     * y, dy/dx and d²y/dx² over [-1, 3] at 81 points from one compiled program; the SGD steps as
     * markers on the curve; and the distance to the minimum, 1 - x_t, on a log scale beside its
     * closed form 0.98^t (each step multiplies it by 1 - 2·lr): a straight line.
     */
    private static List<Path> plot(Path folder, Program yAndDerivatives, Var x, Bindings at,
            List<Tuple2<Integer, Double>> sgd) {
        int n = 81;
        double[] xs = new double[n];
        double[][] ys = new double[3][n];
        for (int i = 0; i < n; i++) {
            xs[i] = -1 + 4.0 * i / (n - 1);
            List<Double> out = yAndDerivatives.run(at.and(x, xs[i])).map(t -> t.item());
            for (int k = 0; k < 3; k++) {
                ys[k][i] = out.get(k);
            }
        }
        double[] steps = doubles(sgd.map(s -> (double) s._1));
        double[] sx = doubles(sgd.map(s -> s._2));
        double[] sy = doubles(sgd.map(s -> yAndDerivatives.run(at.and(x, s._2)).head().item()));
        double[] distance = doubles(sgd.map(s -> 1 - s._2));
        double[] closed = doubles(sgd.map(s -> Math.pow(0.98, s._1)));
        return List.of(
                Figure.of("y = x^2 - 2x + 1 and its derivatives", "x", "value")
                        .plot("y", xs, ys[0], "b-")
                        .plot("dy/dx", xs, ys[1], "r--")
                        .plot("d2y/dx2", xs, ys[2], "g:")
                        .save(folder, PLOTS.get(0)),
                Figure.of("SGD on y = x^2 - 2x + 1 (lr 0.01, every 25th of 1000 steps)", "x", "y")
                        .plot("y", xs, ys[0], "b-")
                        .plot("SGD step", sx, sy, "ro")
                        .save(folder, PLOTS.get(1)),
                Figure.of("SGD: the distance to the minimum shrinks by 0.98 a step", "step t", "1 - x_t (log scale)")
                        .logY()
                        .plot("0.98^t", steps, closed, "r--")
                        .plot("1 - x_t (every 25th step)", steps, distance, "bo")
                        .save(folder, PLOTS.get(2)));
    }

    private static double[] doubles(List<Double> values) {
        return values.toJavaStream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Plain gradient descent on a scalar loss with respect to one scalar variable. */
    static double minimize(Expr loss, Var x, Bindings at, double lr, int steps) {
        Program g = compile(grad(loss, x));
        double v = at.get(x).map(t -> t.item()).getOrElse(0.0);
        for (int i = 0; i < steps; i++) {
            v -= lr * g.run(at.and(x, v)).head().item();
        }
        return v;
    }
}
