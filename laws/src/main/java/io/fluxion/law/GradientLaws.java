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
 * Suites of gradient laws, and the first-order laws themselves. A suite for a user's function
 * checks, at points drawn from a domain:
 * <ol>
 *   <li>reverse gradient = central finite differences;
 *   <li>JVP = central finite differences along random directions;
 *   <li>⟨u, J v⟩ from the JVP = ⟨Jᵀu, v⟩ from the VJP;
 *   <li>second derivative by nested differentiation = finite differences of the gradient; the
 *       Hessian is symmetric; the three Hessian-vector products agree;
 *   <li>the Taylor remainder shrinks like h³;
 *   <li>linearity, product rule and chain rule with generated partner functions;
 *   <li>every interpreter agrees on values and gradients.
 * </ol>
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> laws() {
 *     return LawTests.of(GradientLaws.of(x -> x.sin().times(x).sum(), Domain.box(Shape.vector(3), -2, 2)));
 * }
 * }</pre>
 */
public final class GradientLaws {
    private GradientLaws() {}

    /** The laws for a scalar-valued f of the domain's one variable. */
    public static Suite of(Function<Expr, Expr> f, Domain domain) {
        return of(f.apply(domain.variable()), domain);
    }

    /** The laws for a scalar expression in the domain's variables. */
    public static Suite of(Expr y, Domain domain) {
        return of(y, domain, CheckOptions.defaults());
    }

    /** As {@link #of(Expr, Domain)}, with options for the comparisons with finite differences. */
    public static Suite of(Expr y, Domain domain, CheckOptions options) {
        if (!y.shape().isScalar()) {
            throw new IllegalArgumentException("GradientLaws: the function must be scalar-valued, but it has shape "
                    + y.shape() + "; reduce it (sum, mean) or check it with GradCheck");
        }
        Gen<Sample> samples = Sample.of(y, domain);
        Gen<Term> partners = ExprGen.over(domain).withMaxDepth(3).scalars();
        return suite("laws of " + Show.show(y, 80), samples, samples, partners, options);
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

    /** 1. The reverse-mode gradient equals central finite differences, element by element. */
    public static Law<Sample> reverseMatchesDifferences(Gen<Sample> samples, CheckOptions options) {
        return Law.of("reverse gradient = finite differences", samples,
                s -> GradCheck.reverse(s.expr(), s.point(), s.variables(), Tensor.ones(s.expr().shape()), options))
                .withShrink(Sample::smaller);
    }

    /** 2. The JVP equals central finite differences along the sample's random direction. */
    public static Law<Sample> forwardMatchesDifferences(Gen<Sample> samples, CheckOptions options) {
        return Law.of("JVP = finite differences along random directions", samples,
                s -> GradCheck.forward(s.expr(), s.point(), s.direction(), options)
                        .and(GradCheck.forward(s.expr(), s.point(), s.otherDirection(), options)))
                .withShrink(Sample::smaller);
    }

    /** 3. The dot-product test: ⟨u, J v⟩ from the JVP equals ⟨Jᵀu, v⟩ from the VJP, for a y of any shape. */
    public static Law<Sample> dotProduct(Gen<Sample> samples, Tolerance tolerance) {
        return Law.of("<u, J v> from JVP = <J^T u, v> from VJP", samples, s -> {
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
            return Agreement.number("dot-product test", "<u, J v> vs <J^T u, v>", rhs, lhs, scale, intermediate,
                    tolerance);
        }).withShrink(Sample::smaller);
    }

    /** GradCheck of every sample to the given order, in both modes. */
    public static Law<Sample> gradCheck(Gen<Sample> samples, int order, CheckOptions options) {
        return Law.of("derivatives to order " + order + " = finite differences (GradCheck)", samples,
                s -> GradCheck.check(s.expr(), s.point(), s.variables(), order, options))
                .withShrink(Sample::smaller);
    }
}
