package io.fluxion.law;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Reverse;
import io.fluxion.interp.Show;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/**
 * Suites of gradient laws, and the first-order laws themselves. A suite for a user's function, of
 * any output shape, checks at points drawn from a domain (with random tangents, and random
 * cotangents u for a non-scalar f, whose laws about gradients are stated for ⟨u, f⟩):
 * <ol>
 *   <li>the VJP with a random cotangent = central finite differences, element by element;
 *   <li>JVP = central finite differences along random directions;
 *   <li>⟨u, J v⟩ from the JVP = ⟨Jᵀu, v⟩ from the VJP;
 *   <li>second derivative by nested differentiation = finite differences of the gradient; the
 *       Hessian is symmetric; the three Hessian-vector products agree;
 *   <li>the Taylor remainder shrinks like h³;
 *   <li>linearity, product rule and chain rule with generated partner functions;
 *   <li>every interpreter agrees on values and gradients.
 * </ol>
 * A function that ends in a sum or mean of all elements is checked at that summand, so that
 * writing {@code f(x).sum()} loses nothing. No law evaluates the function outside the domain, and a
 * point where it is not finite fails as such, naming the point.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> laws() {
 *     return LawTests.of(GradientLaws.of(x -> mySoftmax(x), Domain.box(Shape.vector(3), -2, 2)));
 * }
 * }</pre>
 */
public final class GradientLaws {
    private GradientLaws() {}

    /** The laws for f, of any output shape, of the domain's one variable. */
    public static Suite of(Function<Expr, Expr> f, Domain domain) {
        return of(f.apply(domain.variable()), domain);
    }

    /** The laws for an expression of any shape in the domain's variables. */
    public static Suite of(Expr y, Domain domain) {
        return of(y, domain, CheckOptions.defaults());
    }

    /** As {@link #of(Expr, Domain)}, with options for the comparisons with finite differences. */
    public static Suite of(Expr y, Domain domain, CheckOptions options) {
        Expr checked = GradCheck.summand(y);
        Gen<Sample> samples = Sample.of(checked, domain);
        Gen<Term> partners = ExprGen.over(domain).withMaxDepth(3).scalars();
        String name = "laws of " + Show.show(y, 80)
                + (checked == y ? "" : " (at its summand " + Show.show(checked, 80) + ")");
        return suite(name, samples, samples, partners, options);
    }

    /**
     * The laws over generated functions: the project's own check of its primitives and
     * interpreters, and a user's check of custom primitives added to the generator.
     */
    public static Suite of(ExprGen functions) {
        return of(functions, CheckOptions.defaults());
    }

    /** As {@link #of(ExprGen)}, with options for the comparisons with finite differences. */
    public static Suite of(ExprGen functions, CheckOptions options) {
        Gen<Sample> scalars = Sample.of(functions.scalars(), functions.domain());
        Gen<Sample> any = Sample.of(functions.anyShape(), functions.domain());
        return suite("laws of generated expressions", scalars, any, functions.withMaxDepth(3).scalars(), options);
    }

    private static Suite suite(String name, Gen<Sample> scalars, Gen<Sample> any, Gen<Term> partners,
            CheckOptions options) {
        Domain outer = Composite.outerDomain();
        Gen<Term> outers = ExprGen.over(outer).withMaxDepth(3).scalars();
        Tolerance rounding = Tolerance.identities();
        return Suite.of(name,
                reverseMatchesDifferences(scalars, options),
                forwardMatchesDifferences(scalars, options),
                dotProduct(any, rounding),
                SecondOrderLaws.nestedMatchesDifferences(scalars, options),
                SecondOrderLaws.hessianSymmetric(scalars, rounding),
                SecondOrderLaws.hessianVectorProductsAgree(scalars, rounding),
                TaylorLaw.of(scalars),
                CalculusLaws.linearity(TwoFunctions.of(scalars, partners), rounding),
                CalculusLaws.productRule(TwoFunctions.of(scalars, partners), rounding),
                CalculusLaws.chainRule(Composite.of(scalars, outer, outers), rounding),
                InterpreterLaws.agree(any, rounding));
    }

    /**
     * A law over samples that first requires the function to be finite at the sample's point: a
     * point of the domain where it is not is a problem naming the point, not a derivative mismatch.
     */
    static Law<Sample> atFinitePoints(String name, Gen<Sample> samples, Function<Sample, Report> property) {
        return Law.of(name, samples, s -> {
            io.vavr.control.Option<String> problem = s.valueProblem();
            return problem.isDefined() ? Report.problem(name, problem.get()) : property.apply(s);
        }).withShrink(Sample::smaller);
    }

    /**
     * 1. The reverse-mode VJP with the sample's cotangent (the gradient, for a scalar function)
     * equals central finite differences, element by element.
     */
    public static Law<Sample> reverseMatchesDifferences(Gen<Sample> samples, CheckOptions options) {
        String name = "reverse (VJP) = finite differences";
        return atFinitePoints(name, samples, s -> GradCheck.reverse(s.expr(), s.point(), s.variables(),
                s.expr().shape().isScalar() ? Tensor.scalar(1) : s.cotangent(), s.inside(options)).named(name));
    }

    /** 2. The JVP equals central finite differences along the sample's random directions. */
    public static Law<Sample> forwardMatchesDifferences(Gen<Sample> samples, CheckOptions options) {
        String name = "forward (JVP) = finite differences along random directions";
        return atFinitePoints(name, samples, s -> GradCheck.forward(s.expr(), s.point(), s.direction(),
                        s.inside(options))
                .and(GradCheck.forward(s.expr(), s.point(), s.otherDirection(), s.inside(options))).named(name));
    }

    /**
     * 3. The dot-product test: ⟨u, J v⟩ from the JVP equals ⟨Jᵀu, v⟩ from the VJP, for a y of any
     * shape. When they differ, finite differences of ⟨u, f⟩ along v say which mode is wrong.
     */
    public static Law<Sample> dotProduct(Gen<Sample> samples, Tolerance tolerance) {
        String name = "<u, J v> from JVP = <J^T u, v> from VJP";
        return atFinitePoints(name, samples, s -> {
            List<Var> xs = s.variables();
            Tensor u = s.cotangent();
            Expr jvExpr = Derivatives.jvp(s.expr(), s.direction());
            Tensor jv = Points.evaluate(List.of(jvExpr), s.point()).head();
            List<Expr> jtu = Reverse.vjp(s.expr(), xs, new Const(u))
                    .zipWith(xs, (g, x) -> g.getOrElse(() -> new Const(Tensor.zeros(x.shape()))));
            List<Tensor> jtuValues = Points.evaluate(jtu, s.point());
            List<Tensor> v = Derivatives.values(s.direction(), xs);
            double lhs = Points.dot(u, jv);
            double rhs = Derivatives.dot(jtuValues, v);
            double scale = Points.absDot(u, jv) + Derivatives.absDot(jtuValues, v);
            double intermediate = Derivatives.intermediate(jtu.prepend(jvExpr), s.point())
                    * (Points.maxAbs(u) * u.shape().size() + Derivatives.l1(s.direction()));
            Report r = Agreement.number("dot-product test", "<u, J v> by forward mode vs <J^T u, v> by reverse mode",
                    rhs, lhs, scale, intermediate, tolerance);
            return r.passed() ? r.named(name) : Agreement.number("dot-product test",
                    "<u, J v> by forward mode vs <J^T u, v> by reverse mode; " + whichMode(s, lhs, rhs), rhs, lhs,
                    scale, intermediate, tolerance).named(name);
        });
    }

    /** Which of the JVP's and the VJP's values finite differences of ⟨u, f⟩ along v side with. */
    private static String whichMode(Sample s, double jvp, double vjp) {
        CheckOptions o = s.inside(CheckOptions.defaults());
        double h0 = Math.min(o.step() * Derivatives.xScale(s.point(), s.variables()),
                s.domain().room(s.point(), s.direction()) * (1 - 1e-9));
        if (!(h0 > 0)) {
            return "no room in the domain for finite differences to say which mode is wrong";
        }
        try {
            Expr paired = Points.pairing(List.of(s.expr()), List.of(s.cotangent()));
            Ridders.Estimate e = Ridders.derivative(Points.curve(List.of(paired), s.point(), s.direction()), h0);
            double fd = e.value()[0];
            double tol = o.tolerance().allowed(fd, fd, Math.abs(fd), 0, e.error()[0]);
            boolean forward = Math.abs(jvp - fd) <= tol;
            boolean reverse = Math.abs(vjp - fd) <= tol;
            String said = "finite differences give " + fd;
            if (e.kind()[0] == Ridders.Kind.KINK) {
                return said + " but see a kink within " + String.format("%.3g", h0) + " of the point";
            }
            return said + (forward && !reverse ? ": the reverse mode (VJP) is wrong"
                    : reverse && !forward ? ": the forward mode (JVP) is wrong"
                    : forward ? "" : ": neither mode agrees with them");
        } catch (Ridders.NotFinite e) {
            return GradCheck.notFinite("<u, f>", s.point(), s.direction(), "v", e);
        }
    }

    /** GradCheck of every sample to the given order, in both modes, inside the sample's domain. */
    public static Law<Sample> gradCheck(Gen<Sample> samples, int order, CheckOptions options) {
        String name = "derivatives to order " + order + " = finite differences (GradCheck)";
        return atFinitePoints(name, samples,
                s -> GradCheck.check(s.expr(), s.point(), s.variables(), order, s.inside(options)).named(name));
    }
}
