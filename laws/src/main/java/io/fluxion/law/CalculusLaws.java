package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.quicktheories.core.Gen;

/**
 * 6. The rules of calculus on generated pairs of functions, checked between derivatives computed
 * by automatic differentiation (so up to rounding): linearity, the product rule and the chain rule.
 * A non-scalar f takes part as ⟨u, f⟩ with its sample's cotangent u.
 */
public final class CalculusLaws {
    private CalculusLaws() {}

    /**
     * ∇(a f + b g) = a ∇f + b ∇g, and the JVP is linear in its tangent: J(a u + b v) = a J u + b J v.
     */
    public static Law<TwoFunctions> linearity(Gen<TwoFunctions> pairs, Tolerance tolerance) {
        return Law.of("derivatives are linear", pairs, pair -> {
            if (pair.sample().valueProblem().isDefined()) {
                return Report.problem("derivatives are linear", pair.sample().valueProblem().get());
            }
            TwoFunctions p = pair.scalar();
            Sample s = p.sample();
            List<Var> xs = s.variables();
            Bindings at = s.point();
            Expr combined = p.f().times(p.a()).plus(p.g().times(p.b()));
            List<Expr> lhsExprs = Derivatives.gradients(combined, xs);
            List<Expr> gfExprs = Derivatives.gradients(p.f(), xs);
            List<Expr> ggExprs = Derivatives.gradients(p.g(), xs);
            List<Tensor> lhs = Points.evaluate(lhsExprs, at);
            List<Tensor> gf = Points.evaluate(gfExprs, at);
            List<Tensor> gg = Points.evaluate(ggExprs, at);
            List<Tensor> rhs = gf.zipWith(gg, (x, y) -> Points.axpy(p.a(), x, Points.scale(p.b(), y)));
            double coefficients = 1 + Math.abs(p.a()) + Math.abs(p.b());
            double scale = Derivatives.intermediate(lhsExprs.appendAll(gfExprs).appendAll(ggExprs), at) * coefficients;
            Report r = Agreement.tensors("gradient of a f + b g", xs.map(x -> "d/d" + x.name()), rhs, lhs, scale,
                    tolerance);
            Bindings u = s.direction();
            Bindings v = s.otherDirection();
            Bindings mixed = Bindings.empty();
            for (Var x : xs) {
                mixed = mixed.and(x, Points.axpy(p.a(), u.get(x).get(), Points.scale(p.b(), v.get(x).get())));
            }
            List<Expr> jvps = List.of(Derivatives.jvp(p.f(), mixed), Derivatives.jvp(p.f(), u),
                    Derivatives.jvp(p.f(), v));
            List<Tensor> j = Points.evaluate(jvps, at);
            Tensor expected = Points.axpy(p.a(), j.get(1), Points.scale(p.b(), j.get(2)));
            double jscale = Derivatives.intermediate(jvps, at) * coefficients;
            return r.named("derivatives are linear").and(Agreement.tensors("JVP along a u + b v", "jvp(f, a u + b v)",
                    expected, j.get(0), jscale, tolerance));
        }).withShrink(TwoFunctions::smaller);
    }

    /** ∇(f g) = f ∇g + g ∇f. */
    public static Law<TwoFunctions> productRule(Gen<TwoFunctions> pairs, Tolerance tolerance) {
        return Law.of("product rule", pairs, pair -> {
            if (pair.sample().valueProblem().isDefined()) {
                return Report.problem("product rule", pair.sample().valueProblem().get());
            }
            TwoFunctions p = pair.scalar();
            Sample s = p.sample();
            List<Var> xs = s.variables();
            Bindings at = s.point();
            List<Expr> lhsExprs = Derivatives.gradients(p.f().times(p.g()), xs);
            List<Expr> gfExprs = Derivatives.gradients(p.f(), xs);
            List<Expr> ggExprs = Derivatives.gradients(p.g(), xs);
            List<Tensor> lhs = Points.evaluate(lhsExprs, at);
            List<Tensor> values = Points.evaluate(List.of(p.f(), p.g()), at);
            double f = values.get(0).item();
            double g = values.get(1).item();
            List<Tensor> gf = Points.evaluate(gfExprs, at);
            List<Tensor> gg = Points.evaluate(ggExprs, at);
            List<Tensor> rhs = gf.zipWith(gg, (df, dg) -> Points.axpy(f, dg, Points.scale(g, df)));
            double scale = Derivatives.intermediate(lhsExprs.appendAll(gfExprs).appendAll(ggExprs), at)
                    * (1 + Math.abs(f) + Math.abs(g));
            return Agreement.tensors("gradient of f g", xs.map(x -> "d/d" + x.name()), rhs, lhs, scale, tolerance)
                    .named("product rule");
        }).withShrink(TwoFunctions::smaller);
    }

    /** ∇ h(f(x)) = h'(f(x)) ∇f(x), with h' the derivative of the outer function by reverse mode. */
    public static Law<Composite> chainRule(Gen<Composite> composites, Tolerance tolerance) {
        return Law.of("chain rule", composites, c -> {
            if (c.inner().valueProblem().isDefined()) {
                return Report.problem("chain rule", c.inner().valueProblem().get());
            }
            Sample s = c.scaledInner();
            List<Var> xs = s.variables();
            Bindings at = s.point();
            List<Expr> lhsExprs = Derivatives.gradients(c.composed(), xs);
            List<Tensor> lhs = Points.evaluate(lhsExprs, at);
            Bindings t = c.innerValue();
            List<Var> ts = List.of(c.t());
            List<Expr> dhExprs = Derivatives.gradients(c.outer().expr(), ts);
            double dh = Points.evaluate(dhExprs, t).head().item();
            List<Expr> gfExprs = Derivatives.gradients(s.expr(), xs);
            List<Tensor> gf = Points.evaluate(gfExprs, at);
            List<Tensor> rhs = gf.map(g -> Points.scale(dh, g));
            double scale = Math.max(Derivatives.intermediate(lhsExprs, at),
                    Derivatives.intermediate(dhExprs, t) * Derivatives.intermediate(gfExprs, at)
                            + Math.abs(dh) * Derivatives.intermediate(gfExprs, at));
            return Agreement.tensors("gradient of h(f(x))", xs.map(x -> "d/d" + x.name()), rhs, lhs, scale, tolerance)
                    .named("chain rule");
        }).withShrink(Composite::smaller);
    }
}
