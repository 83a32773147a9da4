package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.quicktheories.core.Gen;

/**
 * The second-order laws of a scalar function (of ⟨u, f⟩ with the sample's cotangent u, for a
 * non-scalar f): nested differentiation against finite differences of the gradient, symmetry of
 * the Hessian, and agreement of the three ways to form a Hessian-vector product.
 */
public final class SecondOrderLaws {
    /** Hessians are formed in full only for a single variable of at most this many elements. */
    private static final int FULL_HESSIAN_LIMIT = 12;

    private SecondOrderLaws() {}

    /**
     * 4a. The second derivative by nested differentiation (reverse over reverse: the gradient of
     * ⟨∇f, v⟩, which is f'' itself for one scalar variable) equals finite differences of the
     * gradient along v.
     */
    public static Law<Sample> nestedMatchesDifferences(Gen<Sample> samples, CheckOptions options) {
        String name = "second derivative by nested differentiation = finite differences of the gradient";
        return GradientLaws.atFinitePoints(name, samples, sample -> {
            Sample s = sample.scalar();
            List<Var> xs = s.variables();
            Bindings v = s.direction();
            List<Expr> hvExprs = Derivatives.hvpReverseReverse(s.expr(), xs, v);
            List<Tensor> hv = Points.evaluate(hvExprs, s.point());
            List<Expr> grads = Derivatives.gradients(s.expr(), xs);
            double intermediate = Derivatives.intermediate(hvExprs, s.point());
            return GradCheck.againstDifferences("reverse-over-reverse vs finite differences of the gradient", hv,
                    xs.map(x -> "H v for " + x.name()), grads, "the gradient", s.point(), v, "v", intermediate,
                    s.inside(options)).named(name);
        });
    }

    /**
     * 4b. The Hessian is symmetric: ⟨u, H v⟩ = ⟨v, H u⟩ with H v by reverse over reverse, and, for
     * one variable of rank at most 1, the full Hessian from {@code io.fluxion.autodiff.Derivatives.hessian} equals its transpose.
     */
    public static Law<Sample> hessianSymmetric(Gen<Sample> samples, Tolerance tolerance) {
        return GradientLaws.atFinitePoints("Hessian is symmetric", samples, sample -> {
            Sample s = sample.scalar();
            List<Var> xs = s.variables();
            Bindings u = s.direction();
            Bindings v = s.otherDirection();
            List<Tensor> uv = Derivatives.values(u, xs);
            List<Tensor> vv = Derivatives.values(v, xs);
            List<Expr> hvExprs = Derivatives.hvpReverseReverse(s.expr(), xs, v);
            List<Expr> huExprs = Derivatives.hvpReverseReverse(s.expr(), xs, u);
            List<Tensor> hv = Points.evaluate(hvExprs, s.point());
            List<Tensor> hu = Points.evaluate(huExprs, s.point());
            double scale = Derivatives.absDot(uv, hv) + Derivatives.absDot(vv, hu);
            double intermediate = Derivatives.intermediate(hvExprs.appendAll(huExprs), s.point())
                    * (Derivatives.l1(u) + Derivatives.l1(v));
            Report r = Agreement.number("Hessian symmetry", "<u, H v> vs <v, H u>", Derivatives.dot(vv, hu),
                    Derivatives.dot(uv, hv), scale, intermediate, tolerance);
            if (xs.size() == 1 && xs.head().shape().rank() <= 1 && xs.head().shape().size() <= FULL_HESSIAN_LIMIT) {
                Expr hExpr = io.fluxion.autodiff.Derivatives.hessian(s.expr(), xs.head());
                Tensor h = Points.evaluate(List.of(hExpr), s.point()).head();
                r = r.and(Agreement.tensors("Hessian symmetry", "hessian(f, " + xs.head().name() + ")^T", h,
                        transpose(h), Derivatives.intermediate(List.of(hExpr), s.point()), tolerance));
            }
            return r.named("Hessian is symmetric");
        });
    }

    /**
     * 4c. Forward-over-reverse and reverse-over-forward Hessian-vector products equal reverse over
     * reverse (and, for one small variable of rank at most 1, so does the full Hessian times v).
     */
    public static Law<Sample> hessianVectorProductsAgree(Gen<Sample> samples, Tolerance tolerance) {
        String name = "forward-over-reverse HVP = reverse-over-reverse HVP = reverse-over-forward HVP";
        return GradientLaws.atFinitePoints(name, samples, sample -> {
            Sample s = sample.scalar();
            List<Var> xs = s.variables();
            Bindings v = s.direction();
            List<String> names = xs.map(x -> "H v for " + x.name());
            List<Expr> rrExprs = Derivatives.hvpReverseReverse(s.expr(), xs, v);
            List<Expr> frExprs = Derivatives.hvpForwardReverse(s.expr(), xs, v);
            List<Expr> rfExprs = Derivatives.hvpReverseForward(s.expr(), xs, v);
            List<Tensor> rr = Points.evaluate(rrExprs, s.point());
            List<Tensor> fr = Points.evaluate(frExprs, s.point());
            List<Tensor> rf = Points.evaluate(rfExprs, s.point());
            double scale = Derivatives.intermediate(rrExprs.appendAll(frExprs).appendAll(rfExprs), s.point());
            Report r = Agreement.tensors("forward-over-reverse vs reverse-over-reverse", names, rr, fr, scale, tolerance)
                    .and(Agreement.tensors("reverse-over-forward vs reverse-over-reverse", names, rr, rf, scale,
                            tolerance));
            Var x = xs.head();
            if (xs.size() == 1 && x.shape().rank() <= 1 && x.shape().size() <= FULL_HESSIAN_LIMIT) {
                Expr hExpr = io.fluxion.autodiff.Derivatives.hessian(s.expr(), x);
                Tensor h = Points.evaluate(List.of(hExpr), s.point()).head();
                double hScale = Math.max(scale, Derivatives.intermediate(List.of(hExpr), s.point()) * Derivatives.l1(v));
                r = r.and(Agreement.tensors("hessian(f) v vs reverse-over-reverse", names.head(), rr.head(),
                        times(h, v.get(x).get()), hScale, tolerance));
            }
            return r.named(name);
        });
    }

    /** The transpose of a square matrix (a 1×1 Hessian of a scalar is a scalar, its own transpose). */
    private static Tensor transpose(Tensor h) {
        if (h.shape().rank() < 2) {
            return h;
        }
        int n = (int) Math.round(Math.sqrt(h.shape().size()));
        double[] d = h.toArray();
        double[] t = new double[d.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j * n + i] = d[i * n + j];
            }
        }
        return Tensor.of(h.shape(), t);
    }

    /** H v for a Hessian of a scalar (rank 0) or a vector (rank 2), with v shaped like the variable. */
    private static Tensor times(Tensor h, Tensor v) {
        if (h.shape().rank() < 2) {
            return Tensor.of(v.shape(), h.item() * v.item());
        }
        int n = (int) Math.round(Math.sqrt(h.shape().size()));
        double[] d = h.toArray();
        double[] x = v.toArray();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i] += d[i * n + j] * x[j];
            }
        }
        return Tensor.of(v.shape(), out);
    }
}
