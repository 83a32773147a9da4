package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.op.Op;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Kernels;
import java.util.concurrent.atomic.DoubleAccumulator;
import org.junit.jupiter.api.Test;

/** No law evaluates a function outside the domain it is given, and a point where it is not finite is said to be so. */
class DomainTest {
    private static final DoubleAccumulator LOWEST = new DoubleAccumulator(Math::min, Double.POSITIVE_INFINITY);
    private static final DoubleAccumulator HIGHEST = new DoubleAccumulator(Math::max, Double.NEGATIVE_INFINITY);

    /** log(x), recording every argument its kernel is given. */
    private static final Op RECORDED_LOG = Op.of("recordedLog", io.fluxion.expr.Notation.call("recordedLog"),
            s -> s.head(), (in, out) -> Kernels.map(in[0], v -> {
                LOWEST.accumulate(v);
                HIGHEST.accumulate(v);
                return Math.log(v);
            }, out),
            (n, a, t) -> t.div(n.arg(0)), (n, a, g) -> g.div(n.arg(0)));

    /**
     * Row normalisation of a logarithm on [0.5, 2]: every law of the suite, 100 examples each,
     * evaluates only inside the box (it once took the interpreters to point + 0.5·direction, and
     * finite differences a step past its edge).
     */
    @Test
    void everyLawStaysInsideTheBox() {
        Domain d = Domain.box(Shape.matrix(3, 4), 0.5, 2);
        Expr logs = Apply.of(RECORDED_LOG, d.variable());
        Expr f = logs.plus(1).div(logs.plus(1).sum(true, 1));
        for (Law<?> law : GradientLaws.of(f, d).laws()) {
            Outcome<?> o = LawRunner.run(law, Settings.defaults().withSeed(7));
            assertTrue(o.held(), o::message);
        }
        assertTrue(LOWEST.get() >= 0.5 && HIGHEST.get() <= 2, () -> "evaluated at " + LOWEST.get() + " .. " + HIGHEST.get());
    }

    /** sqrt(x), recording the least argument its kernel is given. */
    private static final DoubleAccumulator LOWEST_ROOT = new DoubleAccumulator(Math::min, Double.POSITIVE_INFINITY);
    private static final Op RECORDED_SQRT = Op.of("recordedSqrt", io.fluxion.expr.Notation.call("recordedSqrt"),
            s -> s.head(), (in, out) -> Kernels.map(in[0], v -> {
                LOWEST_ROOT.accumulate(v);
                return Math.sqrt(v);
            }, out),
            (n, a, t) -> t.div(n.times(2)), (n, a, g) -> g.div(n.times(2)));

    /**
     * GradCheck given a domain shortens its steps at the box's edge: sqrt at 0.001 on [0, 4] is
     * checked without ever taking a root of a negative number (without the domain, the first step
     * of 0.01 does, and is retried from a smaller one).
     */
    @Test
    void gradCheckWithADomainStaysInside() {
        Var x = Var.of("x", Shape.vector(2));
        Expr y = Apply.of(RECORDED_SQRT, x).sum();
        Bindings at = Bindings.of(x, Tensor.vector(0.001, 1));
        LOWEST_ROOT.reset();
        Report free = GradCheck.check(y, at, io.vavr.collection.List.of(x), 1, CheckOptions.defaults());
        assertTrue(free.passed(), free::toString);
        assertTrue(LOWEST_ROOT.get() < 0, () -> "the free check never left the box: " + LOWEST_ROOT.get());
        LOWEST_ROOT.reset();
        Report inside = GradCheck.check(y, at, io.vavr.collection.List.of(x), 1,
                CheckOptions.defaults().withDomain(Domain.of(x, 0, 4)));
        assertTrue(inside.passed(), inside::toString);
        assertTrue(LOWEST_ROOT.get() >= 0, () -> "evaluated at " + LOWEST_ROOT.get());
    }

    /** A domain that includes where the function is not finite: a problem naming the point, not a mismatch. */
    @Test
    void aPointWhereTheFunctionIsNotFiniteIsReportedAsSuch() {
        Domain d = Domain.box(Shape.vector(2), -1, 1);
        Law<?> reverse = GradientLaws.of(d.variable().log(), d).laws().head();
        Outcome.Falsified<?> f = assertInstanceOf(Outcome.Falsified.class, LawRunner.run(reverse,
                Settings.defaults().withSeed(1)));
        assertTrue(f.report().failures().isEmpty(), f::message);
        assertTrue(f.report().problems().head().startsWith("the function is not finite at the point x = ["), f::message);
        assertEquals(1, f.report().problems().size(), f::message);
    }
}
