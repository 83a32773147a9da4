package io.fluxion.law;

import static io.fluxion.law.Grammar.guards;
import static io.fluxion.law.Productions.NON_SCALAR;
import static io.fluxion.law.Productions.pick;
import static io.fluxion.law.Productions.rule;

import io.fluxion.expr.Const;
import io.fluxion.law.Grammar.Built;
import io.fluxion.law.Grammar.Production;
import io.fluxion.op.Structure;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.Tuple3;
import io.vavr.collection.List;
import org.quicktheories.core.RandomnessSource;

/** Productions that move elements: reshape, slice, pad, concat, take, broadcast, stop-gradient, one-hot. */
final class StructureProductions {
    private StructureProductions() {}

    /** The index shapes take is given, by rank: a scalar index drops the axis, a matrix of indices adds one. */
    private static final int MAX_INDEX_RANK = 2;

    static List<Production> differentiable() {
        return List.of(
                rule("reshape", (g, s) -> !reshapes(g, s).isEmpty(), (g, src, s, d) -> {
                    Built a = g.gen(src, pick(src, reshapes(g, s)), d);
                    return new Built(a.expr().reshape(s), a.bound(), a.guards());
                }),
                rule("slice", (g, s) -> !slices(g, s).isEmpty(), (g, src, s, d) -> {
                    Tuple2<Shape, Integer> f = pick(src, slices(g, s));
                    int axis = f._2;
                    int len = s.dim(axis);
                    int start = Draws.pick(src, f._1.dim(axis) - len + 1);
                    Built a = g.gen(src, f._1, d);
                    return new Built(a.expr().slice(axis, start, start + len), a.bound(), a.guards());
                }),
                rule("pad", (g, s) -> !pads(g, s).isEmpty(), (g, src, s, d) -> {
                    Tuple2<Shape, Integer> f = pick(src, pads(g, s));
                    int axis = f._2;
                    int from = Draws.pick(src, s.dim(axis) - f._1.dim(axis) + 1);
                    Built a = g.gen(src, f._1, d);
                    return new Built(Structure.pad(a.expr(), axis, from, s.dim(axis)), a.bound(), a.guards());
                }),
                rule("concat", List.of("concat", "slice"), (g, s) -> !s.isScalar() && s.size() > 1, (g, src, s, d) -> {
                    List<Integer> axes = List.range(0, s.rank()).filter(ax -> s.dim(ax) > 1);
                    int axis = pick(src, axes);
                    int k = 1 + Draws.pick(src, s.dim(axis) - 1);
                    Built a = g.gen(src, s, d);
                    Built b = g.gen(src, s, d);
                    return new Built(Grammar.spliced(a.expr(), b.expr(), axis, k), Math.max(a.bound(), b.bound()),
                            guards(List.of(a, b)));
                }),
                rule("take", (g, s) -> !takes(g, s).isEmpty(), StructureProductions::take),
                rule("broadcastTo", NON_SCALAR, (g, src, s, d) -> {
                    Built a = g.gen(src, pick(src, g.partners(s).remove(s)), d);
                    return new Built(a.expr().broadcastTo(s), a.bound(), a.guards());
                }));
    }

    static List<Production> valuesOnly() {
        return List.of(
                Productions.unary("stopGradient", a -> new Built(a.expr().stopGradient(), a.bound(), a.guards())),
                rule("oneHot", List.of("oneHot"), NON_SCALAR, StructureProductions::oneHot));
    }

    /**
     * Elements of an expression gathered along an axis at constant integer indices (drawn freely,
     * so repeats are common and the VJP's scatter-add must accumulate), with index tensors of rank
     * 0 to 2.
     */
    private static Built take(Grammar g, RandomnessSource src, Shape s, int d) {
        Tuple3<Shape, Integer, Shape> t = pick(src, takes(g, s));
        int n = t._1.dim(t._2);
        double[] idx = new double[t._3.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = Draws.pick(src, n);
        }
        Built a = g.gen(src, t._1, d);
        return new Built(a.expr().take(new Const(Tensor.of(t._3, idx)), t._2), a.bound(), a.guards());
    }

    /**
     * One-hot rows: of the arg-max of an expression along an axis of the right length (guarded
     * against near ties), or of constant class indices when no shape fits.
     */
    private static Built oneHot(Grammar g, RandomnessSource src, Shape s, int d) {
        int classes = s.dim(-1);
        Shape rows = s.take(s.rank() - 1);
        List<Tuple2<Shape, Integer>> from = g.fit("oneHot", s, t -> {
            List<Tuple2<Shape, Integer>> out = List.empty();
            for (Shape x : g.shapes) {
                for (int axis = 0; axis < x.rank(); axis++) {
                    if (x.dim(axis) == classes && x.without(axis).equals(rows)) {
                        out = out.append(Tuple.of(x, axis));
                    }
                }
            }
            return out;
        });
        if (!from.isEmpty() && Draws.pick(src, 2) == 0) {
            Tuple2<Shape, Integer> f = pick(src, from);
            Built a = g.gen(src, f._1, d);
            return new Built(a.expr().argmax(f._2).oneHot(classes), 1,
                    guards(List.of(a), Grammar.noTie(a.expr(), f._2)));
        }
        double[] idx = new double[rows.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = Draws.pick(src, classes);
        }
        return new Built(new Const(Tensor.of(rows, idx)).oneHot(classes), 1);
    }

    static List<Shape> reshapes(Grammar g, Shape s) {
        return g.fit("reshapes", s, t -> g.shapes.filter(x -> x.size() == t.size() && !x.equals(t)));
    }

    /** Shapes of the grammar and axes along which a slice of them gives s. */
    static List<Tuple2<Shape, Integer>> slices(Grammar g, Shape s) {
        return g.fit("slices", s, t -> alongOneAxis(g, t, true));
    }

    /** Shapes of the grammar and axes along which padding them gives s. */
    static List<Tuple2<Shape, Integer>> pads(Grammar g, Shape s) {
        return g.fit("pads", s, t -> alongOneAxis(g, t, false));
    }

    /** Shapes of s's rank that differ from s along one axis only, longer (or shorter) there. */
    private static List<Tuple2<Shape, Integer>> alongOneAxis(Grammar g, Shape s, boolean longer) {
        List<Tuple2<Shape, Integer>> out = List.empty();
        for (Shape x : g.shapes) {
            if (x.rank() != s.rank() || s.isScalar()) {
                continue;
            }
            for (int axis = 0; axis < s.rank(); axis++) {
                boolean fits = longer ? x.dim(axis) > s.dim(axis) : x.dim(axis) < s.dim(axis);
                if (fits && x.with(axis, s.dim(axis)).equals(s)) {
                    out = out.append(Tuple.of(x, axis));
                }
            }
        }
        return out;
    }

    /**
     * Shapes x of the grammar, axes and index shapes with which take gives s: s is
     * {@code x[:axis] + indices + x[axis+1:]}.
     */
    static List<Tuple3<Shape, Integer, Shape>> takes(Grammar g, Shape s) {
        return g.fit("takes", s, t -> {
            List<Tuple3<Shape, Integer, Shape>> out = List.empty();
            for (Shape x : g.shapes) {
                for (int axis = 0; axis < x.rank(); axis++) {
                    Shape before = x.take(axis);
                    Shape after = x.drop(axis + 1);
                    int k = t.rank() - before.rank() - after.rank();
                    if (k >= 0 && k <= MAX_INDEX_RANK && t.take(before.rank()).equals(before)
                            && t.drop(t.rank() - after.rank()).equals(after)) {
                        out = out.append(Tuple.of(x, axis, t.drop(before.rank()).take(k)));
                    }
                }
            }
            return out;
        });
    }
}
