package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.vavr.collection.Stream;
import org.quicktheories.core.Gen;

/**
 * An input of the linearity and product-rule laws: a sample of a function f, a second function g
 * of the same variables, and two coefficients.
 *
 * @param sample f, with the point and directions
 * @param other g
 * @param a the coefficient of f
 * @param b the coefficient of g
 */
public record TwoFunctions(Sample sample, Term other, double a, double b) {

    /** f's expression. */
    public Expr f() {
        return sample.expr();
    }

    /** g's expression. */
    public Expr g() {
        return other.expr();
    }

    /** This pair with f made scalar (⟨u, f⟩ for a non-scalar f; see {@link Sample#scalar()}). */
    public TwoFunctions scalar() {
        return f().shape().isScalar() ? this : new TwoFunctions(sample.scalar(), other, a, b);
    }

    /** Pairs of samples and scalar partners smooth at the sample's point, with coefficients in [-2, 2]. */
    public static Gen<TwoFunctions> of(Gen<Sample> samples, Gen<Term> partners) {
        Gen<TwoFunctions> gen = src -> new TwoFunctions(samples.generate(src), partners.generate(src),
                Draws.coarse(src, -20, 20, 10, 0.1), Draws.coarse(src, -20, 20, 10, 0.1));
        return gen.assuming(p -> p.other.smoothAt(p.sample.point())).describedAs(TwoFunctions::toString);
    }

    /** Pairs with f or g structurally smaller, still smooth and well defined at the point. */
    public Stream<TwoFunctions> smaller() {
        return sample.smaller().map(s -> new TwoFunctions(s, other, a, b))
                .appendAll(other.smaller().filter(g -> g.smoothAt(sample.point()) && g.definedAt(sample.point()))
                        .map(g -> new TwoFunctions(sample, g, a, b)));
    }

    @Override
    public String toString() {
        return sample + "\n  g = " + other + "\n  a = " + a + ", b = " + b;
    }
}
