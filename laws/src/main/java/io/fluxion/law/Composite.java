package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Substitute;
import io.fluxion.tensor.Tensor;
import org.quicktheories.core.Gen;

/**
 * An input of the chain-rule law: a sample of a scalar function f and an outer function h of one
 * scalar variable t, composed as h(f(x)).
 *
 * @param inner f, with the point and directions
 * @param t h's variable
 * @param outer h, an expression in t
 */
public record Composite(Sample inner, Var t, Term outer) {

    /** h(f(x)) as one expression. */
    public Expr composed() {
        return Substitute.substitute(outer.expr(), t, inner.expr());
    }

    /** The value of f at the sample's point, bound to t. */
    public Bindings innerValue() {
        Tensor v = Evaluate.evaluate(inner.expr(), inner.point());
        return Bindings.of(t, v);
    }

    /** Composites of the samples with outer functions of t drawn from {@code outers}, smooth at f(x). */
    public static Gen<Composite> of(Gen<Sample> samples, Var t, Gen<Term> outers) {
        Gen<Composite> gen = src -> new Composite(samples.generate(src), t, outers.generate(src));
        return gen.assuming(c -> c.outer.smoothAt(c.innerValue())).describedAs(Composite::toString);
    }

    @Override
    public String toString() {
        return inner + "\n  h(" + t.name() + ") = " + outer;
    }
}
