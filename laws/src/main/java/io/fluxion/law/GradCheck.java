package io.fluxion.law;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Forward;
import io.fluxion.interp.Linearise;
import io.fluxion.interp.Program;
import io.fluxion.interp.Reverse;
import io.fluxion.interp.Show;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks derivatives against central finite differences with Richardson extrapolation, in both
 * modes and to any order: the JVM's answer to JAX's {@code check_grads} and PyTorch's
 * {@code gradcheck}/{@code gradgradcheck}.
 *
 * <p>At order 1, reverse mode compares every element of the gradient (the VJP with a random
 * cotangent, for a non-scalar output) with the finite difference along that element, and forward
 * mode compares the JVP along random directions with the finite difference along each direction,
 * element by element of the output. At order k, the same checks are applied to the derivatives of
 * order k − 1 computed by automatic differentiation (so order 2 checks forward-over-reverse,
 * reverse-over-reverse, reverse-over-forward and forward-over-forward). Finite differences are
 * only ever taken of derivatives of one order lower, in double precision, by a compiled program
 * that is independent of the direct interpreter computing the derivatives under test.
 *
 * <p>The derivatives under test are computed in the dtype of the values bound (float32 for a
 * float32 point, as its training would compute them); finite differences are always taken in
 * float64, at the point widened (exactly), so the reference keeps its accuracy. The overloads
 * without options use the tolerance derived for that dtype ({@link CheckOptions#defaults(DType)}:
 * float32 when any value bound is float32); with options, their tolerance is used as given.
 *
 * <p>A check never throws for a wrong derivative: it returns a {@link Report} listing every failed
 * comparison with its variable, element, expected and actual values and error.
 *
 * <pre>{@code
 * Report r = GradCheck.check(x -> x.sin().times(x).sum(), Tensor.vector(0.5, -1, 2), 2);
 * assert r.passed() : r;
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {}

    /** Checks a scalar-valued f of one tensor variable at {@code at}, both modes, up to {@code order}. */
    public static Report check(Function<Expr, Expr> f, Tensor at, int order) {
        return check(f, at, order, CheckOptions.defaults(at.dtype()));
    }

    /** As {@link #check(Function, Tensor, int)}, with options. */
    public static Report check(Function<Expr, Expr> f, Tensor at, int order, CheckOptions options) {
        Var x = Var.of("x", at.shape());
        return check(f.apply(x), Bindings.of(x, at), order, options);
    }

    /** Checks f of several tensor variables (named x0, x1, …) at the given values. */
    public static Report check(Function<List<Expr>, Expr> f, List<Tensor> at, int order) {
        return check(f, at, order, CheckOptions.defaults(computedIn(at)));
    }

    /** As {@link #check(Function, List, int)}, with options. */
    public static Report check(Function<List<Expr>, Expr> f, List<Tensor> at, int order, CheckOptions options) {
        List<Var> xs = at.zipWithIndex().map(p -> Var.of("x" + p._2, p._1.shape()));
        Bindings b = Bindings.empty();
        for (var p : xs.zip(at)) {
            b = b.and(p._1, p._2);
        }
        return check(f.apply(xs.map(v -> (Expr) v)), b, order, options);
    }

    /** Checks y with respect to every variable bound in {@code at}. */
    public static Report check(Expr y, Bindings at, int order) {
        return check(y, at, order, CheckOptions.defaults(computedIn(at.values().values())));
    }

    /** float32 when any of the values is: the dtype derivatives at them are computed in, at the narrowest. */
    private static DType computedIn(Iterable<Tensor> values) {
        for (Tensor t : values) {
            if (t.dtype() == DType.FLOAT32) {
                return DType.FLOAT32;
            }
        }
        return DType.FLOAT64;
    }

    /** As {@link #check(Expr, Bindings, int)}, with options. */
    public static Report check(Expr y, Bindings at, int order, CheckOptions options) {
        return check(y, at, at.values().keySet().toList(), order, options);
    }

    /**
     * Checks y with respect to the variables {@code wrt} (others stay at their values in
     * {@code at}) up to {@code order}, which must be at least 1.
     */
    public static Report check(Expr y, Bindings at, Seq<Var> wrt, int order, CheckOptions options) {
        if (order < 1) {
            throw new IllegalArgumentException("GradCheck: order must be at least 1, got " + order);
        }
        Report report = Report.empty("GradCheck of " + Show.show(y, 160) + " to order " + order);
        Option<String> problem = startingValue(y, at);
        if (problem.isDefined()) {
            return report.withProblem(problem.get());
        }
        SplittableRandom rnd = new SplittableRandom(options.seed());
        List<Level> frontier = List.of(Level.start(y));
        for (int k = 1; k <= order; k++) {
            List<Level> next = List.empty();
            for (Level level : frontier) {
                for (Mode m : options.modes()) {
                    String check = m.label() + (level.path.isEmpty() ? "" : "-over-" + level.path);
                    try {
                        Tuple2<Report, Level> r = m == Mode.FORWARD
                                ? forwardLevel(check, level, at, wrt, rnd, options)
                                : reverseLevel(check, level, at, wrt, rnd, options);
                        report = report.and(r._1);
                        if (k < order) {
                            next = next.append(r._2);
                        }
                    } catch (RuntimeException e) {
                        report = report.withProblem(check + ": " + e);
                    }
                }
            }
            frontier = next;
        }
        return report;
    }

    /**
     * Reverse mode at order 1: the VJP of y with this cotangent (shaped like y; 1 gives the
     * gradient of a scalar) against finite differences, element by element of each variable.
     */
    public static Report reverse(Expr y, Bindings at, Seq<Var> wrt, Tensor cotangent, CheckOptions options) {
        return compareReverse("reverse", Level.start(y), List.of(cotangent), at, wrt, options)._1;
    }

    /** Forward mode at order 1: the JVP of y along the direction against finite differences along it. */
    public static Report forward(Expr y, Bindings at, Bindings direction, CheckOptions options) {
        return compareForward("forward", Level.start(y), direction, "v", at, options)._1;
    }

    /** The outputs of one order of differentiation, with their names for reports. */
    private record Level(String path, List<Expr> outputs, List<String> names) {

        static Level start(Expr y) {
            return new Level("", List.of(y), List.of("f"));
        }
    }

    /** A problem with the function's value at the point, if there is one. */
    private static Option<String> startingValue(Expr y, Bindings at) {
        try {
            Tensor v = Points.evaluate(List.of(y), at).head();
            return Points.finite(v.toArray()) ? Option.none()
                    : Option.of("the function is not finite at the point: " + v);
        } catch (RuntimeException e) {
            return Option.of("the function cannot be evaluated at the point: " + e);
        }
    }

    private static Tuple2<Report, Level> forwardLevel(String check, Level level, Bindings at, Seq<Var> wrt,
            SplittableRandom rnd, CheckOptions o) {
        Tuple2<Report, Level> first = compareForward(check, level, Points.direction(wrt, rnd), "v1", at, o);
        Report report = first._1;
        for (int d = 2; d <= o.directions(); d++) {
            report = report.and(compareForward(check, level, Points.direction(wrt, rnd), "v" + d, at, o)._1);
        }
        // The next order differentiates the JVP along the first direction.
        return Tuple.of(report, first._2);
    }

    private static Tuple2<Report, Level> compareForward(String check, Level level, Bindings v, String vName,
            Bindings at, CheckOptions o) {
        io.vavr.collection.Map<Var, Expr> tangents = v.values().mapValues(t -> (Expr) new Const(t));
        List<Expr> ts = Forward.jvp(level.outputs, tangents);
        List<Tensor> ad = Points.evaluate(ts, at);
        List<String> names = level.names.map(n -> "jvp(" + n + ", " + vName + ")");
        Report report = againstDifferences(check, ad, names, level.outputs, at, v,
                Agreement.intermediateScale(ts, at), o);
        return Tuple.of(report, new Level(check, ts, names));
    }

    /**
     * Compares directional derivatives computed otherwise ({@code actual}, one tensor per output)
     * with finite differences of the outputs along v, element by element; {@code intermediate} is
     * the largest intermediate value in computing {@code actual}.
     */
    static Report againstDifferences(String check, List<Tensor> actual, List<String> names, List<Expr> outputs,
            Bindings at, Bindings v, double intermediate, CheckOptions o) {
        double h0 = o.step() * Math.max(1, Points.maxAbs(at, v.values().keySet().toList()));
        Ridders.Estimate fd = Ridders.derivative(Points.curve(outputs, at, v), h0);
        Report report = Report.empty(check);
        int offset = 0;
        for (var p : actual.zip(names)) {
            report = report.and(compareTensor(check, p._2, p._1, fd, offset, intermediate, o.tolerance()));
            offset += p._1.shape().size();
        }
        return report;
    }

    private static Tuple2<Report, Level> reverseLevel(String check, Level level, Bindings at, Seq<Var> wrt,
            SplittableRandom rnd, CheckOptions o) {
        boolean scalar = level.outputs.size() == 1 && level.outputs.head().shape().isScalar();
        List<Tensor> us = scalar ? List.of(Tensor.scalar(1)) : level.outputs.map(e -> Points.uniform(e.shape(), rnd));
        return compareReverse(check, level, us, at, wrt, o);
    }

    private static Tuple2<Report, Level> compareReverse(String check, Level level, List<Tensor> us, Bindings at,
            Seq<Var> wrt, CheckOptions o) {
        Expr s = Points.pairing(level.outputs, us);
        List<Expr> gs = Reverse.gradients(s, wrt);
        List<Tensor> ad = Points.evaluate(gs, at);
        Program p = Linearise.linearise(List.of(s));
        double intermediate = Agreement.intermediateScale(gs, at);
        Report report = Report.empty(check);
        for (var pair : wrt.toList().zip(ad)) {
            Var x = pair._1;
            Tensor actual = pair._2;
            int n = x.shape().size();
            double[] value = new double[n];
            double[] error = new double[n];
            double[] xs = at.get(x).get().toArray();
            for (int k = 0; k < n; k++) {
                Bindings e = Bindings.of(x, Points.unit(x.shape(), k));
                Ridders.Estimate fd = Ridders.derivative(Points.curve(p, at, e), o.step() * Math.max(1, Math.abs(xs[k])));
                value[k] = fd.value()[0];
                error[k] = fd.error()[0];
            }
            report = report.and(compareTensor(check, x.name(), actual, new Ridders.Estimate(value, error), 0,
                    intermediate, o.tolerance()));
        }
        String sName = level.names.size() == 1 ? level.names.head() : "<u, (" + level.names.mkString(", ") + ")>";
        List<String> names = wrt.toList().map(x -> "d" + sName + "/d" + x.name());
        return Tuple.of(report, new Level(check, gs, names));
    }

    /**
     * Compares a tensor with the slice of finite-difference estimates that starts at
     * {@code offset}, at the scale of that slice.
     */
    private static Report compareTensor(String check, String where, Tensor actual, Ridders.Estimate fd, int offset,
            double intermediate, Tolerance tol) {
        double[] a = actual.toArray();
        double scale = 0;
        for (int k = 0; k < a.length; k++) {
            scale = Math.max(scale, Math.abs(fd.value()[offset + k]));
        }
        Report report = Report.empty(check);
        for (int k = 0; k < a.length; k++) {
            double expected = fd.value()[offset + k];
            double estimate = fd.error()[offset + k];
            double allowed = tol.allowed(expected, a[k], scale, intermediate, estimate);
            double error = Math.abs(a[k] - expected);
            boolean failed = !(error <= allowed);
            report = report.compared(new Mismatch(check, where, Points.index(actual.shape(), k), expected, a[k], error,
                    allowed), failed);
        }
        return report;
    }
}
