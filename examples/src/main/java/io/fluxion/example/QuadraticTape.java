package io.fluxion.example;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.show;
import static io.fluxion.dsl.Dsl.simplify;
import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.interp.Tape;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Stream;

/**
 * Recipe S1: TensorFlow's gradient-tape tutorial on y = a x² + b x + c with a = 1, b = -2, c = 1 —
 * first and second derivatives, gradients with respect to the "watched" constants, the same
 * gradient in a compiled function, and minimisation by SGD in four styles.
 */
public final class QuadraticTape {
    private QuadraticTape() {}

    /** Runs the recipe and prints what the tutorial prints. */
    public static void main(String[] args) {
        run();
    }

    /** Runs the recipe; returns the x that SGD reaches (the fourth style). */
    public static double run() {
        Var x = variable("x");
        Var a = variable("a");
        Var b = variable("b");
        Var c = variable("c");
        Expr y = x.pow(2).times(a).plus(b.times(x)).plus(c);
        Bindings at = Bindings.of(x, 0.0).and(a, 1.0).and(b, -2.0).and(c, 1.0);

        System.out.println("== S1. Gradient tape on a quadratic ==");
        System.out.println("y = " + show(y));
        Tape tape = Tape.record(y, at);
        System.out.printf("y(0) = %s, dy/dx = %s%n", tape.value(), tape.gradient(x));
        List<Double> abc = tape.gradients(List.of(a, b, c)).map(t -> t.item());
        System.out.printf("watching the constants: dy/da = %s, dy/db = %s, dy/dc = %s%n", abc.get(0), abc.get(1), abc.get(2));
        Expr dydx = grad(y, x);
        System.out.println("dy/dx = " + show(simplify(dydx)));
        System.out.println("d2y/dx2 (nested gradients) = " + evaluate(grad(dydx, x), at));

        Program f = compile(dydx, y);
        System.out.println("compiled f(x) -> (dy/dx, y):");
        System.out.println(f.listing().indent(4).stripTrailing());
        for (double x0 : new double[] {0, 1}) {
            List<Double> out = f.run(at.and(x, x0)).map(t -> t.item());
            System.out.printf("  f(%s) -> (%s, %s)%n", (int) x0, out.get(0), out.get(1));
        }

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
        // 4. The loop inside: a fold over a stream of (step, x) states.
        Tuple2<Integer, Double> last = Stream.iterate(Tuple.of(0, 0.0),
                        s -> Tuple.of(s._1 + 1, s._2 - lr * g.run(at.and(x, s._2)).head().item()))
                .get(steps);
        double x4 = last._2;
        System.out.printf("SGD lr=%s, %d steps from x=0:%n", lr, steps);
        System.out.printf("  explicit gradients   x = %.9f, y = %.9f%n", x1, evaluate(y, at.and(x, x1)).item());
        System.out.printf("  minimize             x = %.9f, y = %.9f%n", x2, evaluate(y, at.and(x, x2)).item());
        System.out.printf("  compiled step        x = %.9f, y = %.9f%n", x3, evaluate(y, at.and(x, x3)).item());
        System.out.printf("  compiled loop (fold) x = %.9f, y = %.9f%n", x4, evaluate(y, at.and(x, x4)).item());
        System.out.printf("  (tutorial, float32:  x = 0.999998569; exact in double: 1 - 0.98^1000 = %.12f)%n",
                1 - Math.pow(0.98, steps));
        return x4;
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
