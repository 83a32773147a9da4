package io.fluxion.law;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Forward;
import io.fluxion.interp.Program;
import io.fluxion.interp.Reverse;
import io.fluxion.interp.Show;
import io.fluxion.interp.internal.Linearise;
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
 * <p>At order 1, reverse mode compares every element of the VJP with a random cotangent (the
 * gradient, for a scalar output) with the finite difference along that element, and forward mode
 * compares the JVP along random directions with the finite difference along each direction,
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
 * <p>A function that ends in a sum or mean of all elements of a non-scalar is checked at that
 * summand, with random cotangents: its sum's derivatives follow, and a VJP that is right only for
 * the uniform cotangent a sum passes down cannot hide behind it.
 *
 * <p>Where the function has a kink within a step of the point (relu or abs at 0, a tie for a
 * maximum), finite differences say so rather than pretend it is smooth: a derivative between the
 * one-sided derivatives passes, and one outside them is reported as not judged. A function that is
 * not finite at the point, or at a step taken from it, is a problem naming that point, never a
 * derivative mismatch.
 *
 * <p>A check never throws for a wrong derivative: it returns a {@link Report} listing every failed
 * comparison with its variable, element, expected and actual values and error.
 *
 * <pre>{@code
 * Report r = GradCheck.check(x -> x.sin().times(x), Tensor.vector(0.5, -1, 2), 2);
 * assert r.passed() : r;
 * }</pre>
 */
public final class GradCheck {
    /** Steps stop this fraction short of the room a domain leaves, so that rounding never steps outside. */
    private static final double INSIDE = 1 - 1e-9;

    private GradCheck() {}

    /** Checks f of one tensor variable (of any output shape) at {@code at}, both modes, up to {@code order}. */
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
        Expr checked = summand(y);
        Report report = Report.empty("GradCheck of " + Show.show(y, 160)
                + (checked == y ? "" : " (at its summand " + Show.show(checked, 160) + ", with random cotangents)")
                + " to order " + order);
        if (options.domain().isDefined() && !options.domain().get().contains(at)) {
            return report.withProblem("the point lies outside the domain: " + Points.show(at, wrt));
        }
        Option<String> problem = valueProblem(checked, at, wrt);
        if (problem.isDefined()) {
            return report.withProblem(problem.get());
        }
        SplittableRandom rnd = new SplittableRandom(options.seed());
        List<Level> frontier = List.of(Level.start(checked));
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
     * The summand of a sum or mean of all elements of a non-scalar (repeatedly), or y itself: what
     * the checks differentiate with random cotangents in place of the sum's uniform one.
     */
    static Expr summand(Expr y) {
        Expr e = y;
        while (e instanceof io.fluxion.expr.Apply a && e.shape().isScalar() && a.args().size() == 1
                && !a.args().head().shape().isScalar()
                && (a.op() instanceof io.fluxion.op.Reduction.Sum || a.op() instanceof io.fluxion.op.Reduction.Mean)) {
            e = a.args().head();
        }
        return e;
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

    /** A problem with the function's value at the point, naming the point, if there is one. */
    static Option<String> valueProblem(Expr y, Bindings at, Seq<Var> shown) {
        try {
            Tensor v = Points.evaluate(List.of(y), at).head();
            return Points.finite(v.toArray()) ? Option.none()
                    : Option.of("the function is not finite at the point " + Points.show(at, shown) + ": f = "
                            + Points.brief(v.toArray()));
        } catch (RuntimeException e) {
            return Option.of("the function cannot be evaluated at the point " + Points.show(at, shown) + ": " + e);
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
        Report report = againstDifferences(check, ad, names, level.outputs, level.names.mkString(", "), at, v, vName,
                Agreement.intermediateScale(ts, at), o);
        return Tuple.of(report, new Level(check, ts, names));
    }

    /**
     * Compares directional derivatives computed otherwise ({@code actual}, one tensor per output)
     * with finite differences of the outputs along v, element by element; {@code intermediate} is
     * the largest intermediate value in computing {@code actual}.
     */
    static Report againstDifferences(String check, List<Tensor> actual, List<String> names, List<Expr> outputs,
            String what, Bindings at, Bindings v, String vName, double intermediate, CheckOptions o) {
        Report report = Report.empty(check);
        double h0 = Math.min(o.step() * Math.max(1, Points.maxAbs(at, v.values().keySet().toList())),
                o.room(at, v) * INSIDE);
        if (!(h0 > 0)) {
            return report.withNotJudged(check + ": the domain leaves no room to step along " + vName);
        }
        Ridders.Estimate fd;
        try {
            fd = Ridders.derivative(Points.curve(outputs, at, v), h0);
        } catch (Ridders.NotFinite e) {
            return report.withProblem(notFinite(what, at, v, vName, e));
        }
        int offset = 0;
        for (var p : actual.zip(names)) {
            int n = p._1.shape().size();
            List<Difference> slice = List.range(offset, offset + n).map(k -> Difference.of(fd, k, h0));
            report = report.and(compare(check, p._2, p._1, slice.map(Option::some), intermediate, o.tolerance()));
            offset += n;
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
        String sName = level.names.size() == 1 && us.head().shape().isScalar() ? level.names.head()
                : "<u, " + level.names.mkString(", ") + ">";
        Report report = Report.empty(check);
        for (var pair : wrt.toList().zip(ad)) {
            Var x = pair._1;
            int n = x.shape().size();
            double[] xs = at.get(x).get().toArray();
            List<Option<Difference>> fds = List.empty();
            for (int k = 0; k < n; k++) {
                Bindings e = Bindings.of(x, Points.unit(x.shape(), k));
                String eName = "the axis of " + x.name() + Points.index(x.shape(), k).mkString("[", ", ", "]");
                double h0 = Math.min(o.step() * Math.max(1, Math.abs(xs[k])), o.room(at, e) * INSIDE);
                if (!(h0 > 0)) {
                    report = report.withNotJudged(check + ": " + eName + " has no room to step inside the domain");
                    fds = fds.append(Option.none());
                    continue;
                }
                try {
                    fds = fds.append(Option.some(Difference.of(Ridders.derivative(Points.curve(p, at, e), h0), 0, h0)));
                } catch (Ridders.NotFinite nf) {
                    report = report.withProblem(notFinite(sName, at, e, eName, nf));
                    fds = fds.append(Option.none());
                }
            }
            report = report.and(compare(check, x.name(), pair._2, fds, intermediate, o.tolerance()));
        }
        List<String> names = wrt.toList().map(x -> "d" + sName + "/d" + x.name());
        return Tuple.of(report, new Level(check, gs, names));
    }

    /** Where a curve stopped being finite, naming the point it reached. */
    static String notFinite(String what, Bindings at, Bindings v, String vName, Ridders.NotFinite e) {
        Seq<Var> moved = v.values().keySet().toList();
        if (e.h == 0) {
            return what + " is not finite at the point " + Points.show(at, moved) + ": " + Points.brief(e.values);
        }
        return what + " is not finite at " + Points.show(Points.shifted(at, v, e.h), moved) + " (the point moved by h = "
                + String.format("%.3g", e.h) + " along " + vName + "): " + Points.brief(e.values);
    }

    /** One component's finite-difference estimate and how smooth the function looked there. */
    record Difference(double value, double error, Ridders.Kind kind, double left, double leftError, double right,
            double rightError, double step) {

        static Difference of(Ridders.Estimate e, int k, double step) {
            return new Difference(e.value()[k], e.error()[k], e.kind()[k], e.left()[k], e.leftError()[k], e.right()[k],
                    e.rightError()[k], step);
        }

        double magnitude() {
            return switch (kind) {
                case KINK -> Math.max(Math.abs(left), Math.abs(right));
                case UNSETTLED -> 0;
                default -> Math.abs(value);
            };
        }
    }

    /**
     * Compares a tensor with its finite-difference estimates (none where a step was impossible),
     * at the scale of the largest estimate.
     */
    static Report compare(String check, String where, Tensor actual, List<Option<Difference>> fds,
            double intermediate, Tolerance tol) {
        double[] a = actual.toArray();
        double scale = 0;
        for (Option<Difference> d : fds) {
            if (d.isDefined() && Double.isFinite(d.get().magnitude())) {
                scale = Math.max(scale, d.get().magnitude());
            }
        }
        Report report = Report.empty(check);
        for (int k = 0; k < a.length; k++) {
            if (fds.get(k).isEmpty()) {
                continue;
            }
            Difference d = fds.get(k).get();
            List<Integer> index = Points.index(actual.shape(), k);
            String loc = index.isEmpty() ? where : where + index.mkString("[", ", ", "]");
            String step = String.format("%.3g", d.step());
            switch (d.kind()) {
                case KINK -> {
                    double allowedLeft = tol.allowed(d.left(), a[k], scale, intermediate, d.leftError());
                    double allowedRight = tol.allowed(d.right(), a[k], scale, intermediate, d.rightError());
                    double low = Math.min(d.left() - allowedLeft, d.right() - allowedRight);
                    double high = Math.max(d.left() + allowedLeft, d.right() + allowedRight);
                    report = a[k] >= low && a[k] <= high ? report.compared()
                            : report.withNotJudged(check + ": " + loc + ": a kink within " + step
                                    + " of the point (one-sided derivatives " + d.left() + " from the left, " + d.right()
                                    + " from the right); the derivative under test, " + a[k] + ", is neither");
                    continue;
                }
                case LEFT, RIGHT -> {
                    double allowed = tol.allowed(d.value(), a[k], scale, intermediate, d.error());
                    String side = d.kind() == Ridders.Kind.LEFT ? "left" : "right";
                    report = Math.abs(a[k] - d.value()) <= allowed ? report.compared()
                            : report.withNotJudged(check + ": " + loc + ": a kink within " + step
                                    + " of the point on one side (the derivative from the " + side + " is "
                                    + d.value() + "); the derivative under test, " + a[k] + ", is not that");
                    continue;
                }
                case UNSETTLED -> {
                    report = report.withNotJudged(check + ": " + loc + ": finite differences do not settle within "
                            + step + " of the point (the function is not smooth there)");
                    continue;
                }
                default -> {
                }
            }
            double allowed = tol.allowed(d.value(), a[k], scale, intermediate, d.error());
            double error = Math.abs(a[k] - d.value());
            report = report.compared(new Mismatch(check, where, index, d.value(), a[k], error, allowed),
                    !(error <= allowed));
        }
        return report;
    }
}
