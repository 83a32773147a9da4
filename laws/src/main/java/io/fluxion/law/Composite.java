package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Substitute;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.Stream;
import org.quicktheories.core.Gen;

/**
 * An input of the chain-rule law: a sample of a function f and an outer function h of one scalar
 * variable t, composed as h(c·f(x)), where f stands for ⟨u, f⟩ with the sample's cotangent u when it
 * is not a scalar, and c is the power of two (at most 1) that brings c·f(x) within half the range
 * of values generated functions take, whatever the scale of a user's f.
 *
 * @param inner f, with the point and directions
 * @param t h's variable
 * @param outer h, an expression in t
 */
public record Composite(Sample inner, Var t, Term outer) {

    /** The scalar variable of outer functions, with the range of values generated functions can take. */
    public static Domain outerDomain() {
        return Domain.of(T, -Grammar.LIMIT, Grammar.LIMIT);
    }

    private static final Var T = Var.of("t", io.fluxion.tensor.Shape.scalar());

    /** The inner function as the law uses it: c·f, scalar. */
    public Sample scaledInner() {
        Sample s = inner.scalar();
        double v = Math.abs(Evaluate.evaluate(s.expr(), s.point()).item());
        double c = 1;
        while (v * c > Grammar.LIMIT / 2 && c > 0x1p-1000) {
            c /= 2;
        }
        return c == 1 ? s : new Sample(new Term(s.expr().times(c), s.function().guards()), s.point(), s.direction(),
                s.otherDirection(), s.cotangent(), s.otherPoint(), s.domain());
    }

    /** h(c·f(x)) as one expression. */
    public Expr composed() {
        return Substitute.substitute(outer.expr(), t, scaledInner().expr());
    }

    /** The value of c·f at the sample's point, bound to t. */
    public Bindings innerValue() {
        Sample s = scaledInner();
        Tensor v = Evaluate.evaluate(s.expr(), s.point());
        return Bindings.of(t, v);
    }

    /**
     * Composites of the samples with outer functions drawn from {@code outers}, functions of the
     * one variable of {@code outerDomain}; only where f(x) lies in that domain and h is smooth there.
     */
    public static Gen<Composite> of(Gen<Sample> samples, Domain outerDomain, Gen<Term> outers) {
        Var t = outerDomain.variable();
        double bound = outerDomain.bound(t);
        Gen<Composite> gen = src -> new Composite(samples.generate(src), t, outers.generate(src));
        // A sample where f is not finite is kept, so that the law reports it (naming the point).
        return gen.assuming(c -> c.inner.valueProblem().isDefined()
                || Math.abs(c.innerValue().get(t).get().item()) <= bound && c.outer.smoothAt(c.innerValue()))
                .describedAs(Composite::toString);
    }

    /** Composites with f or h structurally smaller, still smooth and well defined where they are evaluated. */
    public Stream<Composite> smaller() {
        return inner.smaller().map(s -> new Composite(s, t, outer)).filter(Composite::wellDefined)
                .appendAll(outer.smaller().map(h -> new Composite(inner, t, h)).filter(Composite::wellDefined));
    }

    private boolean wellDefined() {
        Bindings v = innerValue();
        return outer.smoothAt(v) && outer.definedAt(v) && Term.of(composed()).definedAt(inner.point());
    }

    @Override
    public String toString() {
        return inner + "\n  h(" + t.name() + ") = " + outer;
    }
}
