package io.fluxion.interp;

import static io.fluxion.interp.Float32Case.U;
import static io.fluxion.interp.Float32Case.gamma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Primitive;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.op.Catalogue;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every catalogued primitive in float32 ({@link Float32Case}): its kernel computes in float32
 * itself; its float32 value is the float64 value at the same point within the bound its own
 * float32 computation gives; and its JVP, VJP and second derivatives computed in float32 agree
 * with the same computed in float64, with every value on the way float32.
 *
 * <p>The derivatives' bound: a derivative is an expression of N nodes, each rounding at most n
 * times (n the largest number of elements any node holds, which bounds the terms of any sum), each
 * rounding off by at most u = 2⁻²⁴ relative to the largest intermediate magnitude M; the points
 * keep every operation well conditioned (and the matrices' condition κ enters as a factor), so
 * errors pass on without growing: |d₃₂ − d₆₄| ≤ κ·N·n·u·M.
 */
class Float32PrimitivesTest {

    @Test
    void everyCataloguedPrimitiveHasACase() {
        java.util.Set<String> covered = new TreeSet<>();
        for (Float32Case c : Float32Case.all()) {
            for (Expr e : Graph.topologicalOrder(List.of(build(c).y))) {
                if (e instanceof Apply a) {
                    covered.add(a.op().name());
                }
            }
        }
        java.util.Set<String> missing = new TreeSet<>(Catalogue.all().map(Catalogue.Entry::name).toJavaList());
        missing.removeAll(covered);
        assertEquals(java.util.Set.of(), missing, "catalogued primitives without a float32 case");
    }

    @Test
    void everyBuiltInComputesInFloat32AndFusesInFloat32WhereItFusesInFloat64() {
        for (Float32Case c : Float32Case.all()) {
            for (Expr e : Graph.topologicalOrder(List.of(build(c).y))) {
                if (e instanceof Apply a) {
                    Primitive p = a.op();
                    assertTrue(p.supports(DType.FLOAT32), p.name() + " does not compute in float32");
                    assertEquals(p.blockKernel().isDefined(), p.floatBlockKernel().isDefined(),
                            p.name() + ": a float64 block kernel and a float32 one go together");
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> theFloat32ValueIsTheFloat64ValueWithinItsBound() {
        return Float32Case.all().toJavaStream().map(c -> DynamicTest.dynamicTest(c.name(), () -> checkValue(c)));
    }

    @TestFactory
    Stream<DynamicTest> derivativesInFloat32ToSecondOrder() {
        return Float32Case.all().filter(Float32Case::differentiable).toJavaStream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> checkDerivatives(c)));
    }

    private static void checkValue(Float32Case c) {
        DerivativeCheck.Subject s = build(c);
        Tensor v32 = Evaluate.evaluate(s.y, s.bind(c.at()));
        Tensor v64 = Evaluate.evaluate(s.y, s.bind(wide(c.at())));
        assertEquals(DType.FLOAT32, v32.dtype(), c.name() + ": the value of float32 arguments");
        assertEquals(DType.FLOAT64, v64.dtype(), c.name() + ": the value of float64 arguments");
        double[] e = v64.toArray();
        double[] a = v32.toArray();
        double[] tol = new double[e.length];
        switch (c.bound()) {
            case Float32Case.Exact x -> assertEquals(v64.to(DType.FLOAT32), v32, c.name() + ": not bit for bit");
            case Float32Case.Sums sums -> {
                double[] abs = Evaluate.evaluate(s.y, s.bind(wide(c.at()).map(t -> t.map(Math::abs)))).toArray();
                for (int i = 0; i < tol.length; i++) {
                    tol[i] = gamma(sums.terms()) * abs[i];
                }
            }
            case Float32Case.Softmax sm -> {
                double range = c.at().head().map(Math::abs).max();
                double t = 1 + (c.at().size() > 1 ? laneSum(c.at().get(1), sm.lane()) : 0);
                for (int i = 0; i < tol.length; i++) {
                    tol[i] = gamma(sm.lane() + 4) * (1 + range) * (1 + Math.abs(e[i])) * t;
                }
            }
            case Float32Case.Factored la -> {
                double big = v64.map(Math::abs).max();
                java.util.Arrays.fill(tol, 2 * condition(c.at().head()) * gamma(3 * la.n()) * la.n() * big);
            }
        }
        if (!(c.bound() instanceof Float32Case.Exact)) {
            for (int i = 0; i < e.length; i++) {
                if (!(Math.abs(a[i] - e[i]) <= tol[i])) {
                    fail(c.name() + ": element " + i + " is " + a[i] + " in float32, " + e[i] + " in float64, beyond "
                            + tol[i] + " (" + c.bound() + ")");
                }
            }
        }
    }

    private static void checkDerivatives(Float32Case c) {
        DerivativeCheck.Subject s = build(c);
        Random r = new Random(c.name().hashCode());
        Expr phi = s.y.times(new Const(rounded(r, s.y))).sum();
        List<Expr> grads = Reverse.gradients(phi, s.vars);
        Map<Var, Expr> tangents = HashMap.ofEntries(s.vars.map(x -> Tuple.of(x, (Expr) new Const(rounded(r, x)))));
        Expr psi = Const.of(0);
        for (Expr g : grads) {
            psi = psi.plus(g.times(new Const(rounded(r, g))).sum());
        }
        List<Expr> second = Reverse.gradients(psi, s.vars);
        double kappa = c.bound() instanceof Float32Case.Factored ? condition(c.at().head()) : 1;
        compare(c, s, "jvp", Forward.jvp(s.y, tangents), kappa);
        for (int i = 0; i < grads.size(); i++) {
            compare(c, s, "gradient of argument " + i, grads.get(i), kappa);
            compare(c, s, "gradient of the gradient in argument " + i, second.get(i), kappa);
        }
        compare(c, s, "forward over reverse", Forward.jvp(psi, tangents), kappa);
    }

    /** The derivative d in float32 and in float64, within κ·N·n·u·M, and every non-weak value on the way float32. */
    private static void compare(Float32Case c, DerivativeCheck.Subject s, String what, Expr d, double kappa) {
        String name = c.name() + " " + what;
        Evaluate.Values narrow = Evaluate.run(List.of(d), s.bind(c.at()), e -> null);
        Evaluate.Values wide = Evaluate.run(List.of(d), s.bind(wide(c.at())), e -> null);
        int nodes = narrow.order.size();
        int most = 1;
        double magnitude = 0;
        for (int i = 0; i < nodes; i++) {
            Expr e = narrow.order.node(i);
            Tensor t = narrow.values[i];
            if (!e.weak() && t.dtype() != DType.FLOAT32) {
                fail(name + ": " + e + " was computed in " + t.dtype() + " from float32 arguments");
            }
            most = Math.max(most, t.shape().size());
            magnitude = Math.max(magnitude, wide.values[i].map(Math::abs).max());
        }
        double tol = kappa * nodes * most * U * magnitude;
        double[] a = narrow.get(d).toArray();
        double[] e = wide.get(d).toArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= tol)) {
                fail(name + ": element " + i + " is " + a[i] + " in float32, " + e[i] + " in float64, beyond " + tol
                        + " = κ " + kappa + " · N " + nodes + " · n " + most + " · u · M " + magnitude);
            }
        }
    }

    private static DerivativeCheck.Subject build(Float32Case c) {
        return new DerivativeCheck.Subject(c.name(), c.f(), c.at());
    }

    private static List<Tensor> wide(List<Tensor> at) {
        return at.map(t -> t.to(DType.FLOAT64));
    }

    /** Standard normal elements rounded to float32, shaped like e, as a float64 (weak) constant's value. */
    private static Tensor rounded(Random r, Expr e) {
        return Points.normal(r, e.shape()).to(DType.FLOAT32).to(DType.FLOAT64);
    }

    /** The largest sum of |t| over lanes of {@code lane} consecutive elements. */
    private static double laneSum(Tensor t, int lane) {
        double[] d = t.toArray();
        double best = 0;
        for (int i = 0; i < d.length; i += lane) {
            double s = 0;
            for (int j = i; j < i + lane; j++) {
                s += Math.abs(d[j]);
            }
            best = Math.max(best, s);
        }
        return best;
    }

    /** κ∞(A) = ‖A‖∞‖A⁻¹‖∞ of a square matrix, in float64. */
    private static double condition(Tensor a) {
        Var x = Var.of("a", a.shape());
        Tensor wideA = a.to(DType.FLOAT64);
        Tensor inverse = Evaluate.evaluate(x.inv(), Bindings.of(x, wideA));
        return rowNorm(wideA) * rowNorm(inverse);
    }

    private static double rowNorm(Tensor m) {
        int n = m.shape().dim(0);
        double best = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < m.shape().dim(1); j++) {
                s += Math.abs(m.get(i, j));
            }
            best = Math.max(best, s);
        }
        return best;
    }
}
