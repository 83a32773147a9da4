package io.fluxion.example.bench;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;

/**
 * The n-dimensional Rosenbrock function {@code f(x) = Σ_{i<n-1} 100 (x[i+1] - x[i]²)² + (1 - x[i])²},
 * three ways: over a vector variable with slices, as a graph of scalar nodes over n scalar
 * variables, and as plain Java loops (value and hand-written gradient) for reference.
 */
public final class RosenbrockFunction {
    private RosenbrockFunction() {}

    /** f over a vector variable of length n, written with two slices of x. */
    public static Expr vectorised(Var x) {
        int n = x.shape().size();
        Expr head = x.slice(0, 0, n - 1);
        Expr tail = x.slice(0, 1, n);
        return tail.minus(head.square()).square().times(100).plus(Const.of(1).minus(head).square()).sum();
    }

    /** f as a graph of scalar nodes over the scalar variables xs. */
    public static Expr scalarGraph(List<Var> xs) {
        Var[] x = xs.toJavaArray(Var[]::new);
        Expr f = null;
        for (int i = 0; i < x.length - 1; i++) {
            Expr term = x[i + 1].minus(x[i].square()).square().times(100).plus(Const.of(1).minus(x[i]).square());
            f = f == null ? term : f.plus(term);
        }
        return f;
    }

    /** n fresh scalar variables x0 … x(n-1). */
    public static List<Var> scalarVariables(int n) {
        return List.range(0, n).map(i -> Var.of("x" + i, Shape.scalar()));
    }

    /** f by a plain loop. */
    public static double value(double[] x) {
        double f = 0;
        for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double c = 1 - x[i];
            f += 100 * a * a + c * c;
        }
        return f;
    }

    /** The gradient by hand into g; returns f. */
    public static double gradient(double[] x, double[] g) {
        double f = 0;
        java.util.Arrays.fill(g, 0);
        for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double c = 1 - x[i];
            f += 100 * a * a + c * c;
            g[i] += -400 * a * x[i] - 2 * c;
            g[i + 1] += 200 * a;
        }
        return f;
    }

    /** A reproducible starting point in [-2, 2)ⁿ. */
    public static double[] point(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 4 * r.nextDouble() - 2;
        }
        return x;
    }
}
