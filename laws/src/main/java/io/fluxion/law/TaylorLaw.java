package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Linearise;
import io.fluxion.interp.Program;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.quicktheories.core.Gen;

/**
 * 5. The Taylor remainder r(h) = |f(x + h v) − f(x) − h ∇f·v − h²/2 vᵀH v| shrinks like h³. The
 * remainder is measured at h = h₀ / 2^k for k = 0 … {@value #STEPS}−1; where it stands clear of
 * rounding (above {@value #CLEAR} times the rounding error of its terms, which is relative to the
 * largest intermediate values in computing f, its gradient and its Hessian-vector product), the
 * rate of decrease
 * between successive steps is log₂ r(h) / r(h/2). A wrong gradient makes the rate tend to 1 and a
 * wrong Hessian to 2; a right pair gives 3 (or more, where the third derivative along v vanishes).
 * The law holds when one of the last three clear rates reaches {@value #RATE} (a single rate can
 * be spoiled where higher-order terms cancel the third, or by rounding near the floor). With fewer
 * than two clear rates there is no evidence either way (the quadratic model is exact to rounding,
 * or the remainder reaches rounding before its asymptotic rate shows), and the law holds.
 */
public final class TaylorLaw {
    /** How many step sizes are tried. */
    static final int STEPS = 12;
    /** The least rate accepted: between 2 (a wrong Hessian) and 3 (the right order). */
    static final double RATE = 2.5;
    /** How far above the rounding error a remainder must be to count. */
    static final double CLEAR = 100;
    /** The first step, relative to max(1, |x|): as GradCheck's, small enough to stay clear of guarded kinks. */
    private static final double FIRST_STEP = 0.01;

    private TaylorLaw() {}

    /** The law over scalar samples, along each sample's direction. */
    public static Law<Sample> of(Gen<Sample> samples) {
        return Law.of("Taylor remainder shrinks like h^3", samples, TaylorLaw::check).withShrink(Sample::smaller);
    }

    static Report check(Sample s) {
        List<Var> xs = s.variables();
        Bindings v = s.direction();
        Bindings at = s.point();
        double f0 = Points.evaluate(List.of(s.expr()), at).head().item();
        List<Expr> gExprs = Derivatives.gradients(s.expr(), xs);
        List<Expr> hvExprs = Derivatives.hvpReverseReverse(s.expr(), xs, v);
        List<Tensor> g = Points.evaluate(gExprs, at);
        List<Tensor> hv = Points.evaluate(hvExprs, at);
        double vSize = Derivatives.l1(v);
        double fScale = Derivatives.intermediate(List.of(s.expr()), at);
        double gScale = Derivatives.intermediate(gExprs, at) * vSize;
        double hScale = Derivatives.intermediate(hvExprs, at) * vSize;
        List<Tensor> vs = Derivatives.values(v, xs);
        double gv = Derivatives.dot(g, vs);
        double vhv = Derivatives.dot(vs, hv);
        Program p = Linearise.linearise(List.of(s.expr()));
        double h0 = FIRST_STEP * Derivatives.xScale(at, xs);
        double eps = Math.ulp(1.0);
        double[] r = new double[STEPS];
        boolean[] clear = new boolean[STEPS];
        StringBuilder shown = new StringBuilder();
        for (int k = 0; k < STEPS; k++) {
            double h = h0 / (1L << k);
            double fh = p.run(Points.shifted(at, v, h)).head().item();
            double linear = h * gv;
            double quadratic = h * h / 2 * vhv;
            r[k] = Math.abs(fh - f0 - linear - quadratic);
            double rounding = 4 * eps * (2 * fScale + h * gScale + h * h / 2 * hScale);
            clear[k] = r[k] > CLEAR * rounding;
            shown.append(k == 0 ? "" : ", ").append(String.format("%.3g", r[k]));
        }
        List<Double> rates = List.empty();
        for (int k = 0; k + 1 < STEPS; k++) {
            if (clear[k] && clear[k + 1]) {
                rates = rates.append(Math.log(r[k] / r[k + 1]) / Math.log(2));
            }
        }
        Report report = Report.empty("Taylor remainder");
        if (rates.size() < 2) {
            return report.compared();
        }
        double best = rates.takeRight(3).max().get();
        String where = "rate of r(h) at h = " + String.format("%.3g", h0) + " / 2^k, r = [" + shown + "], rates "
                + rates.map(x -> String.format("%.2f", x)).mkString(", ");
        return report.compared(new Mismatch("Taylor remainder", where, List.empty(), 3, best, 3 - best, 3 - RATE),
                !(best >= RATE));
    }
}
