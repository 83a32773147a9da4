package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.interp.internal.Linearise;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.quicktheories.core.Gen;

/**
 * 5. The Taylor remainders of f along a direction v shrink as they must. With the quadratic model
 * of automatic differentiation, ρ(h) = f(x + h v) − f(x) − h ∇f·v − h²/2 vᵀH v is split into its
 * odd part A(h) = (ρ(h) − ρ(−h)) / 2, which for a smooth f is a series in h, h³, h⁵ … whose h term
 * is the gradient's error along v, and its even part E(h) = (ρ(h) + ρ(−h)) / 2, a series in h², h⁴
 * … whose h² term is half the second derivative's error. So a gradient off by δ along v leaves
 * |A(h)| ≈ |δ| h (rate 1: A halves when h does), a wrong second derivative |E(h)| ≈ h² (rate 2),
 * right ones rates of at least 3 and 4. This needs no finite differences, so it sees errors far below
 * their tolerance: a gradient off by one part in a million shows as rate 1 wherever |δ| h stands
 * above the third-order term and above rounding.
 *
 * <p>A function that is not smooth shows rates no smooth one can: a kink of the slope at (or
 * within a step of) the point makes E(h) linear, a kink of the second derivative makes A(h) grow
 * like h²; and a kink a little further along v makes a part collapse into rounding at once as the
 * steps pass it (a smooth remainder sinks at its rate). Such a sample is reported as not judged,
 * since the quadratic model does not hold there.
 *
 * <p>A and E are measured at h = h₀ / 2^k for k = 0, 1, … (h₀ = 0.01·max(1, |x|), shortened to stay
 * in the domain) until both sink into rounding (below {@value #CLEAR} times the rounding error of
 * their terms, which is relative to the largest intermediate values in computing f, its gradient
 * and its Hessian-vector product) on two steps in a row, or {@value #MAX_STEPS} steps. What counts
 * is the asymptotic behaviour: the last {@value #EVIDENCE} rates of the last run of steps clear of
 * rounding, all of them on the same side of the threshold, so that a cancellation of two
 * higher-order terms (which spoils one or two rates) decides nothing.
 */
public final class TaylorLaw {
    /** The most step sizes tried. */
    static final int MAX_STEPS = 40;
    /** How far above the rounding error a remainder must be to count. */
    static final double CLEAR = 100;
    /** How many successive rates decide. */
    static final int EVIDENCE = 3;
    /** Rates below this are linear (1): a wrong gradient in A, a kink in E. */
    static final double LINEAR = 1.5;
    /** Rates from {@link #LINEAR} to below this are quadratic (2): a wrong second derivative in E, a kink in A. */
    static final double QUADRATIC = 2.5;
    /**
     * A part collapsed (as past a kink) when, at the step after its last clear one, its last rate
     * predicts a value this many times the rounding threshold and it falls this many times below.
     */
    static final double COLLAPSE = 16;
    /** The first step, relative to max(1, |x|), as GradCheck's. */
    private static final double FIRST_STEP = 0.01;
    /** Steps stop this fraction short of the domain's room. */
    private static final double INSIDE = 1 - 1e-9;

    private TaylorLaw() {}

    /** The law over samples of any output shape (⟨u, f⟩ with the sample's cotangent u), along each sample's direction. */
    public static Law<Sample> of(Gen<Sample> samples) {
        return Law.of("Taylor remainder shrinks like h^3", samples, TaylorLaw::check).withShrink(Sample::smaller);
    }

    static Report check(Sample sample) {
        Report report = Report.empty("Taylor remainder");
        Sample s = sample.scalar();
        if (s.valueProblem().isDefined()) {
            return report.withProblem(s.valueProblem().get());
        }
        List<Var> xs = s.variables();
        Bindings v = s.direction();
        Bindings at = s.point();
        double f0 = Points.evaluate(List.of(s.expr()), at).head().item();
        List<Expr> gExprs = Derivatives.gradients(s.expr(), xs);
        List<Expr> hvExprs = Derivatives.hvpReverseReverse(s.expr(), xs, v);
        List<Tensor> g = Points.evaluate(gExprs, at);
        List<Tensor> hv = Points.evaluate(hvExprs, at);
        double vSize = Derivatives.l1(v);
        List<Tensor> vs = Derivatives.values(v, xs);
        Model model = new Model(f0, Derivatives.dot(g, vs), Derivatives.dot(vs, hv),
                Derivatives.intermediate(List.of(s.expr()), at),
                Derivatives.intermediate(gExprs, at) * vSize, Derivatives.intermediate(hvExprs, at) * vSize);
        if (!Double.isFinite(model.gv) || !Double.isFinite(model.vhv)) {
            return report.compared(new Mismatch("Taylor remainder",
                    "the model's " + (Double.isFinite(model.gv) ? "second derivative" : "gradient") + " along v",
                    List.empty(), 0, Double.isFinite(model.gv) ? model.vhv : model.gv, Double.NaN, 0), true);
        }
        double h0 = Math.min(FIRST_STEP * Derivatives.xScale(at, xs), s.domain().room(at, v) * INSIDE);
        if (!(h0 > 0)) {
            return report.withNotJudged("Taylor remainder: the domain leaves no room to step along v");
        }
        Parts parts;
        try {
            parts = Parts.measure(Linearise.linearise(List.of(s.expr())), at, v, h0, model);
        } catch (Ridders.NotFinite e) {
            return report.withProblem(GradCheck.notFinite("f", at, v, "v", e));
        }
        Rates odd = parts.rates(parts.odd);
        Rates even = parts.rates(parts.even);
        String where = "rates as h halves from " + String.format("%.3g", h0) + " along v: odd part A(h) " + odd
                + "; even part E(h) " + even;
        if (even.allBelow(LINEAR)) {
            return report.withNotJudged("Taylor remainder: " + where
                    + "; E(h) shrinks like h, as at a kink of the slope: the quadratic model does not hold");
        }
        if ((odd.allBelow(LINEAR) || even.allBelow(QUADRATIC)) && (odd.abrupt() || even.abrupt())) {
            return report.withNotJudged("Taylor remainder: " + where + "; the remainder vanished abruptly below h = "
                    + String.format("%.3g", odd.abrupt() ? odd.lastStep() : even.lastStep())
                    + " rather than at its rate, as past a kink: the quadratic model does not hold across it");
        }
        if (odd.allBelow(LINEAR)) {
            return report.compared(new Mismatch("Taylor remainder", where + "; A(h) shrinks like h: the gradient along v"
                    + " is off by about " + relative(odd.last() / odd.lastStep(), model.gv) + "; the rate of A(h)",
                    List.empty(), 3, odd.best(), 3 - odd.best(), 3 - LINEAR), true);
        }
        if (odd.allBelow(QUADRATIC)) {
            return report.withNotJudged("Taylor remainder: " + where
                    + "; A(h) shrinks like h^2, as at a kink of the second derivative: the quadratic model does not hold");
        }
        if (even.allBelow(QUADRATIC)) {
            double step = even.lastStep();
            return report.compared(new Mismatch("Taylor remainder", where + "; E(h) shrinks like h^2: the second "
                    + "derivative along v is off by about " + relative(2 * even.last() / (step * step), model.vhv)
                    + "; the rate of E(h)", List.empty(), 4, even.best(), 4 - even.best(), 4 - QUADRATIC), true);
        }
        return report.compared();
    }

    private static String relative(double off, double of) {
        return String.format("%.3g", off) + (of != 0 ? " (relative " + String.format("%.3g", off / Math.abs(of)) + ")" : "");
    }

    /** The quadratic model at the point and the scales of rounding in its terms. */
    private record Model(double f0, double gv, double vhv, double fScale, double gScale, double hScale) {

        double remainder(double fh, double h) {
            return fh - f0 - h * gv - h * h / 2 * vhv;
        }

        double rounding(double h) {
            return 4 * Math.ulp(1.0) * (2 * fScale + Math.abs(h) * gScale + h * h / 2 * hScale);
        }
    }

    /** The odd and even parts of the remainder at h₀ / 2^k, and whether each clears rounding. */
    private record Parts(double h0, double[] odd, double[] even, double[] rounding, int steps) {

        static Parts measure(Program p, Bindings at, Bindings v, double h0, Model m) {
            double[] odd = new double[MAX_STEPS];
            double[] even = new double[MAX_STEPS];
            double[] rounding = new double[MAX_STEPS];
            int k = 0;
            while (k < MAX_STEPS) {
                double h = h0 / Math.pow(2, k);
                double plus = m.remainder(value(p, at, v, h), h);
                double minus = m.remainder(value(p, at, v, -h), -h);
                odd[k] = Math.abs(plus - minus) / 2;
                even[k] = Math.abs(plus + minus) / 2;
                rounding[k] = CLEAR * m.rounding(h);
                k++;
                if (k >= 2 && !(odd[k - 1] > rounding[k - 1] || even[k - 1] > rounding[k - 1])
                        && !(odd[k - 2] > rounding[k - 2] || even[k - 2] > rounding[k - 2])) {
                    break;
                }
            }
            return new Parts(h0, odd, even, rounding, k);
        }

        private static double value(Program p, Bindings at, Bindings v, double h) {
            double f = p.run(Points.shifted(at, v, h)).head().item();
            if (!Double.isFinite(f)) {
                throw new Ridders.NotFinite(h, new double[] {f});
            }
            return f;
        }

        /** The rates of the last run of steps where r clears rounding, the last {@value #EVIDENCE} of them. */
        Rates rates(double[] r) {
            int end = -1;
            for (int k = steps - 1; k >= 0; k--) {
                if (r[k] > rounding[k]) {
                    end = k;
                    break;
                }
            }
            if (end < 0) {
                return new Rates(List.empty(), 0, 0, false);
            }
            int start = end;
            while (start > 0 && r[start - 1] > rounding[start - 1]) {
                start--;
            }
            List<Double> rates = List.empty();
            for (int k = Math.max(start, end - EVIDENCE); k < end; k++) {
                rates = rates.append(Math.log(r[k] / r[k + 1]) / Math.log(2));
            }
            // A remainder that follows its rate sinks into rounding gradually: at the step after
            // its last clear one, its rate predicts a value near the rounding threshold. One that
            // falls far below a prediction still well clear of rounding was crossing a kink, past
            // which the function is another smooth piece (for abs, one with no remainder at all).
            double rate = rates.isEmpty() ? 4 : Math.max(0, rates.last());
            double predicted = r[end] / Math.pow(2, rate);
            boolean abrupt = end + 1 < steps && predicted > COLLAPSE * rounding[end + 1]
                    && r[end + 1] < predicted / COLLAPSE;
            return new Rates(rates, r[end], h0 / Math.pow(2, end), abrupt);
        }
    }

    /**
     * The last rates of a part, its last value clear of rounding and the step there.
     *
     * @param rates the rates, at most {@value #EVIDENCE}
     * @param last the part's value at the last step clear of rounding
     * @param lastStep that step
     * @param abrupt whether the part collapsed at the next step by far more than its rate predicts
     */
    private record Rates(List<Double> rates, double last, double lastStep, boolean abrupt) {

        /** Whether there are {@value #EVIDENCE} rates and all are below the threshold. */
        boolean allBelow(double threshold) {
            return rates.size() >= EVIDENCE && rates.forAll(x -> x < threshold);
        }

        double best() {
            return rates.max().getOrElse(Double.POSITIVE_INFINITY);
        }

        @Override
        public String toString() {
            return rates.isEmpty() ? "never clear of rounding"
                    : rates.map(x -> String.format("%.2f", x)).mkString(", ") + " down to h = "
                            + String.format("%.3g", lastStep) + " (" + String.format("%.3g", last) + ")";
        }
    }
}
