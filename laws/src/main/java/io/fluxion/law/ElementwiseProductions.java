package io.fluxion.law;

import static io.fluxion.law.Grammar.awayFromZero;
import static io.fluxion.law.Grammar.guards;
import static io.fluxion.law.Grammar.tame;
import static io.fluxion.law.Productions.ANY;
import static io.fluxion.law.Productions.rule;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.law.Grammar.Built;
import io.fluxion.law.Grammar.Production;
import io.fluxion.law.Grammar.Ranged;
import io.fluxion.op.Catalogue;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.quicktheories.core.RandomnessSource;

/**
 * Element-wise productions: arithmetic, powers, where, comparisons, and one generic production for
 * every element-wise function of the {@link Catalogue}, built from its entry alone.
 */
final class ElementwiseProductions {
    private ElementwiseProductions() {}

    /**
     * The fewest sample points at which a catalogued function is evaluated to bound it; wide
     * intervals get more, so that points are at most {@value #STEP} apart.
     */
    private static final int SAMPLES = 65;
    private static final double STEP = 0.125;
    private static final int MAX_SAMPLES = 1025;
    /**
     * The bound is the largest sampled magnitude enlarged by this factor, for what falls between
     * sample points: over 1/16 the catalogue's functions change by far less near their extremes.
     */
    private static final double SLACK = 1.05;

    /** Sum, product and difference, of arguments that broadcast. */
    static List<Production> arithmetic() {
        return List.of(
                Productions.binary("add", List.of("add"), (a, b) -> new Built(a.expr().plus(b.expr()),
                        a.bound() + b.bound(), guards(List.of(a, b)))),
                Productions.binary("mul", List.of("mul"), (a, b) -> new Built(a.expr().times(b.expr()),
                        a.bound() * b.bound(), guards(List.of(a, b)))),
                Productions.binary("sub", List.of("sub"), (a, b) -> new Built(a.expr().minus(b.expr()),
                        a.bound() + b.bound(), guards(List.of(a, b)))));
    }

    /** One production per catalogued element-wise function. */
    static List<Production> catalogued(List<Catalogue.Unary> entries) {
        return entries.map(ElementwiseProductions::of);
    }

    /**
     * The production of a catalogued element-wise function: an argument inside its domain (any, a
     * positive one, or one above -1), scaled to its input limit, guarded away from 0 if it has a
     * kink there, and a bound from the function's values over the argument's interval.
     */
    static Production of(Catalogue.Unary u) {
        return rule(u.name(), ANY, (g, src, s, d) -> {
            Ranged arg = g.argument(src, s, d, u.domain()).within(u.inputLimit());
            Built a = arg.built();
            List<Guard> gs = u.kinkAtZero() ? guards(List.of(a), awayFromZero(a.expr())) : a.guards();
            return new Built(u.apply().apply(a.expr()), bound(u, arg.low(), arg.high()), gs);
        });
    }

    /**
     * The largest magnitude of the function over [low, high], from its values at evenly spaced
     * points (computed by the core, so no function needs code here) with a small slack.
     */
    static double bound(Catalogue.Unary u, double low, double high) {
        int n = (int) Math.min(MAX_SAMPLES, Math.max(SAMPLES, Math.ceil((high - low) / STEP) + 1));
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = low + (high - low) * i / (n - 1);
        }
        Tensor ys = Evaluate.evaluate(u.apply().apply(new Const(Tensor.vector(xs))), Bindings.empty());
        double m = 0;
        for (double y : ys.toArray()) {
            if (!Double.isFinite(y)) {
                throw new IllegalStateException("catalogued function " + u.name() + " is not finite on [" + low
                        + ", " + high + "], inside its declared domain " + u.domain() + " and input limit "
                        + u.inputLimit() + "; the catalogue entry is wrong");
            }
            m = Math.max(m, Math.abs(y));
        }
        return m * SLACK;
    }

    /** Division by a positive expression and powers: integer, real of a positive base, and by an expression. */
    static List<Production> powers() {
        return List.of(
                rule("div", ANY, ElementwiseProductions::div),
                rule("pow", ANY, (g, src, s, d) -> {
                    Built a = tame(g.gen(src, s, d), 3);
                    int k = 2 + Draws.pick(src, 2);
                    return new Built(a.expr().pow(k), Math.pow(a.bound(), k), a.guards());
                }),
                rule("pow-real", List.of("pow"), ANY, (g, src, s, d) -> {
                    Ranged p = g.positive(src, s, d);
                    double r = Draws.coarse(src, -3, 5, 1, 0.5);
                    double bound = Math.max(Math.pow(p.low(), r), Math.pow(p.high(), r));
                    return new Built(p.built().expr().pow(r), bound, p.built().guards());
                }),
                rule("pow-expr", List.of("pow"), ANY, ElementwiseProductions::powExpr));
    }

    /** Where a generated condition is positive one expression, else another; guarded away from the switch. */
    static Production where() {
        return rule("where", List.of("where", "gt"), ANY, (g, src, s, d) -> {
            Built c = g.gen(src, Productions.pick(src, g.partners(s)), d);
            Built a = g.gen(src, s, d);
            Built b = g.gen(src, s, d);
            Expr cond = c.expr().gt(Const.of(0));
            return new Built(cond.select(a.expr(), b.expr()), Math.max(a.bound(), b.bound()),
                    guards(List.of(c, a, b), awayFromZero(c.expr())));
        });
    }

    /** Comparisons, whose values are 0 or 1 and whose derivatives are zero. */
    static List<Production> comparisons() {
        return List.of(Productions.binary("compare", List.of("gt", "lt", "eq"), (a, b) -> new Built(
                a.expr().gt(b.expr()).plus(a.expr().lt(b.expr()).times(2)).plus(a.expr().eq(b.expr()).times(3)), 3,
                guards(List.of(a, b)))));
    }

    private static Built div(Grammar g, RandomnessSource src, Shape s, int d) {
        List<Shape> p = g.pair(src, s);
        Built a = g.gen(src, p.get(0), d);
        Ranged b = g.positive(src, p.get(1), d);
        return new Built(a.expr().div(b.built().expr()), a.bound() / b.low(), guards(List.of(a, b.built())));
    }

    private static Built powExpr(Grammar g, RandomnessSource src, Shape s, int d) {
        List<Shape> p = g.pair(src, s);
        Ranged a = g.positive(src, p.get(0), d);
        Built b = tame(g.gen(src, p.get(1), d), 1);
        double base = Math.max(a.high(), 1 / a.low());
        return new Built(a.built().expr().pow(b.expr()), Math.pow(base, b.bound()), guards(List.of(a.built(), b)));
    }
}
