package io.fluxion.law;

import static io.fluxion.law.Grammar.guards;
import static io.fluxion.law.Productions.array;
import static io.fluxion.law.Productions.axesOf;
import static io.fluxion.law.Productions.pick;
import static io.fluxion.law.Productions.rule;

import io.fluxion.expr.Expr;
import io.fluxion.law.Grammar.Built;
import io.fluxion.law.Grammar.Production;
import io.fluxion.op.Reduction;
import io.fluxion.tensor.Shape;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import org.quicktheories.core.RandomnessSource;

/**
 * Reductions (sum, mean, max, min, log-sum-exp) over one axis, several or all, and with kept
 * dimensions broadcast back against an expression of the input's shape; sumTo; and argmax.
 */
final class ReductionProductions {
    private ReductionProductions() {}

    /** A reduction of the core with its magnitude bound and the guard of its kink. */
    enum Kind {
        SUM("sum"), MEAN("mean"), MAX("max"), MIN("min"), LOG_SUM_EXP("logSumExp");

        final String primitive;

        Kind(String primitive) {
            this.primitive = primitive;
        }

        Expr apply(Expr x, boolean keepDims, int[] axes) {
            return switch (this) {
                case SUM -> Reduction.sum(x, keepDims, axes);
                case MEAN -> Reduction.mean(x, keepDims, axes);
                case MAX -> Reduction.max(x, keepDims, axes);
                case MIN -> Reduction.min(x, keepDims, axes);
                case LOG_SUM_EXP -> Reduction.logSumExp(x, keepDims, axes);
            };
        }

        /** A bound on the result from one on the argument and the number of elements reduced together. */
        double bound(double b, int count) {
            return switch (this) {
                case SUM -> b * count;
                case MEAN, MAX, MIN -> b;
                // max ≤ logSumExp ≤ max + log n.
                case LOG_SUM_EXP -> b + Math.log(count);
            };
        }

        /** Max and min have a kink where two extremes tie; the others are smooth. */
        Option<Guard> guard(Expr x, int[] axes) {
            return switch (this) {
                case MAX -> Option.of(Grammar.noTie(x, axes));
                case MIN -> Option.of(Grammar.noTie(x.negate(), axes));
                default -> Option.none();
            };
        }
    }

    /** One production per reduction, and sumTo. */
    static List<Production> differentiable() {
        return List.of(Kind.values()).map(ReductionProductions::reduce).append(sumTo());
    }

    /** The index of a maximum, guarded against near ties (where rounding could move it). */
    static List<Production> valuesOnly() {
        return List.of(rule("argmax", (g, s) -> !reductions(g, s).filter(r -> r._2.size() == 1).isEmpty(),
                (g, src, s, d) -> {
                    Tuple2<Shape, List<Integer>> r = pick(src, reductions(g, s).filter(x -> x._2.size() == 1));
                    Built a = g.gen(src, r._1, d);
                    int axis = r._2.head();
                    return new Built(a.expr().argmax(axis), r._1.dim(axis), guards(List.of(a),
                            Grammar.noTie(a.expr(), axis)));
                }));
    }

    /**
     * A reduction over a set of axes of a larger shape, or, with kept dimensions, of an expression
     * of shape s, combined with one of the same shape so that it broadcasts back (as in x - max(x)
     * or x / sum(x) in softmax-like code).
     */
    static Production reduce(Kind k) {
        return rule(k.primitive, (g, s) -> !s.isScalar() || !reductions(g, s).isEmpty(), (g, src, s, d) -> {
            List<Tuple2<Shape, List<Integer>>> over = reductions(g, s);
            if (s.isScalar() || (!over.isEmpty() && Draws.pick(src, 2) == 0)) {
                Tuple2<Shape, List<Integer>> r = pick(src, over);
                Built a = g.gen(src, r._1, d);
                int[] axes = array(r._2);
                return new Built(k.apply(a.expr(), false, axes), k.bound(a.bound(), count(r._1, r._2)),
                        a.guards().appendAll(k.guard(a.expr(), axes)));
            }
            return keptDims(g, src, s, d, k);
        });
    }

    private static Built keptDims(Grammar g, RandomnessSource src, Shape s, int d, Kind k) {
        List<List<Integer>> subsets = subsets(axesOf(s));
        List<Integer> chosen = pick(src, subsets);
        int[] axes = array(chosen);
        Built a = g.gen(src, s, d);
        Expr r = k.apply(a.expr(), true, axes);
        double rb = k.bound(a.bound(), count(s, chosen));
        List<Guard> gs = a.guards().appendAll(k.guard(a.expr(), axes));
        if (Draws.pick(src, 2) == 0) {
            return new Built(a.expr().minus(r), a.bound() + rb, gs);
        }
        Built b = g.gen(src, s, d);
        return new Built(b.expr().times(r), b.bound() * rb, gs.appendAll(b.guards()));
    }

    private static Production sumTo() {
        return rule("sumTo", (g, s) -> !sumsTo(g, s).isEmpty(), (g, src, s, d) -> {
            Built a = g.gen(src, pick(src, sumsTo(g, s)), d);
            return new Built(a.expr().sumTo(s), a.bound() * a.expr().shape().size() / s.size(), a.guards());
        });
    }

    /** Argument shapes of the grammar and non-empty sets of their axes whose reduction gives s. */
    static List<Tuple2<Shape, List<Integer>>> reductions(Grammar g, Shape s) {
        return g.fit("reductions", s, t -> {
            List<Tuple2<Shape, List<Integer>>> out = List.empty();
            for (Shape x : g.shapes) {
                for (List<Integer> axes : subsets(axesOf(x))) {
                    if (without(x, axes).equals(t)) {
                        out = out.append(Tuple.of(x, axes));
                    }
                }
            }
            return out;
        });
    }

    /** Shapes of the grammar that sum down to s. */
    static List<Shape> sumsTo(Grammar g, Shape s) {
        return g.fit("sumsTo", s, t -> g.shapes.filter(x -> !x.equals(t) && t.broadcastsTo(x)));
    }

    /** The non-empty subsets of the axes, single axes first. */
    static List<List<Integer>> subsets(List<Integer> axes) {
        List<List<Integer>> out = List.empty();
        for (int m = 1; m < 1 << axes.size(); m++) {
            int mask = m;
            out = out.append(axes.filter(a -> (mask & (1 << axes.indexOf(a))) != 0));
        }
        return out.sortBy(List::size);
    }

    private static Shape without(Shape x, List<Integer> axes) {
        int[] d = new int[x.rank() - axes.size()];
        int r = 0;
        for (int a = 0; a < x.rank(); a++) {
            if (!axes.contains(a)) {
                d[r++] = x.dim(a);
            }
        }
        return Shape.of(d);
    }

    private static int count(Shape x, List<Integer> axes) {
        return axes.map(x::dim).fold(1, (p, n) -> p * n);
    }
}
