package io.fluxion.law;

import static io.fluxion.law.Grammar.guards;
import static io.fluxion.law.Productions.rule;

import io.fluxion.expr.Expr;
import io.fluxion.interp.Scan;
import io.fluxion.law.Grammar.Built;
import io.fluxion.law.Grammar.Production;
import io.fluxion.tensor.Shape;
import io.vavr.Tuple;
import io.vavr.collection.List;

/**
 * Loops: a short scan whose stacked outputs have the wanted shape, over a generated initial
 * carry, a generated sequence and a generated value the body captures, so that the laws check its
 * derivatives with respect to all three kinds of argument.
 */
final class LoopProductions {
    private LoopProductions() {}

    /** Steps at most: each adds the body's cost to every law's evaluations. */
    private static final int MAX_STEPS = 4;

    static List<Production> all() {
        return List.of(rule("scan", (g, s) -> !s.isScalar() && s.dim(0) <= MAX_STEPS, (g, src, s, d) -> {
            Shape carry = s.without(0);
            Built init = g.gen(src, carry, d);
            Built xs = g.gen(src, s, d);
            Built w = g.gen(src, carry, d);
            Expr captured = w.expr();
            // tanh keeps every later carry within 1: an output is at most (max(1, |init|) + 1) / 2.
            Expr ys = Scan.scan((c, x) -> {
                Expr next = c.times(x).plus(captured).tanh();
                return Tuple.of(next, next.times(c).plus(x.sin()).times(0.5));
            }, init.expr(), xs.expr())._2;
            return new Built(ys, 0.5 * (Math.max(1, init.bound()) + 1), guards(List.of(init, xs, w)));
        }));
    }
}
