package io.fluxion.law;

import static io.fluxion.law.Grammar.awayFromZero;
import static io.fluxion.law.Grammar.guards;
import static io.fluxion.law.Grammar.tame;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.law.Grammar.Built;
import io.fluxion.law.Grammar.Positive;
import io.fluxion.law.Grammar.Production;
import io.fluxion.tensor.Shape;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import java.util.function.BiPredicate;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.quicktheories.core.RandomnessSource;

/**
 * The productions of the expression grammar, one per operation of the core library, ordered from
 * simple to elaborate (shrinking prefers earlier ones). Each builds its arguments at shapes that
 * give the wanted output shape and computes a bound on the result's magnitude.
 */
final class Productions {
    private Productions() {}

    /** How a production builds its node. */
    @FunctionalInterface
    interface Builder {
        Built build(Grammar g, RandomnessSource src, Shape s, int depth);
    }

    /** A production from a name, an applicability test and a builder. */
    record Rule(String name, BiPredicate<Grammar, Shape> test, Builder builder) implements Production {
        @Override
        public boolean applies(Grammar g, Shape s) {
            return test.test(g, s);
        }

        @Override
        public Built build(Grammar g, RandomnessSource src, Shape s, int depth) {
            return builder.build(g, src, s, depth);
        }
    }

    private static final BiPredicate<Grammar, Shape> ANY = (g, s) -> true;
    private static final BiPredicate<Grammar, Shape> NON_SCALAR = (g, s) -> !s.isScalar();

    /** Every differentiable operation, each guarded where it has a kink. */
    static List<Production> differentiable() {
        return List.of(
                unary("neg", a -> new Built(a.expr().negate(), a.bound(), a.guards())),
                binary("add", (a, b) -> new Built(a.expr().plus(b.expr()), a.bound() + b.bound(), guards(List.of(a, b)))),
                binary("mul", (a, b) -> new Built(a.expr().times(b.expr()), a.bound() * b.bound(), guards(List.of(a, b)))),
                binary("sub", (a, b) -> new Built(a.expr().minus(b.expr()), a.bound() + b.bound(), guards(List.of(a, b)))),
                unary("square", a -> new Built(a.expr().square(), a.bound() * a.bound(), a.guards())),
                unary("sin", a -> new Built(a.expr().sin(), 1, a.guards())),
                unary("cos", a -> new Built(a.expr().cos(), 1, a.guards())),
                unary("tanh", a -> new Built(a.expr().tanh(), 1, a.guards())),
                unary("sigmoid", a -> new Built(a.expr().sigmoid(), 1, a.guards())),
                new Rule("exp", ANY, (g, src, s, d) -> {
                    Built a = tame(g.gen(src, s, d), 2);
                    return new Built(a.expr().exp(), Math.exp(a.bound()), a.guards());
                }),
                new Rule("div", ANY, Productions::div),
                new Rule("log", ANY, (g, src, s, d) -> {
                    Positive p = g.positive(src, s, d);
                    return new Built(p.built().expr().log(), Math.max(Math.abs(Math.log(p.low())),
                            Math.abs(Math.log(p.high()))), p.built().guards());
                }),
                new Rule("sqrt", ANY, (g, src, s, d) -> {
                    Positive p = g.positive(src, s, d);
                    return new Built(p.built().expr().sqrt(), Math.sqrt(p.high()), p.built().guards());
                }),
                new Rule("pow", ANY, (g, src, s, d) -> {
                    Built a = tame(g.gen(src, s, d), 3);
                    int k = 2 + Draws.pick(src, 2);
                    return new Built(a.expr().pow(k), Math.pow(a.bound(), k), a.guards());
                }),
                new Rule("pow-real", ANY, (g, src, s, d) -> {
                    Positive p = g.positive(src, s, d);
                    double r = Draws.coarse(src, -3, 5, 1, 0.5);
                    double bound = Math.max(Math.pow(p.low(), r), Math.pow(p.high(), r));
                    return new Built(p.built().expr().pow(r), bound, p.built().guards());
                }),
                new Rule("pow-expr", ANY, Productions::powExpr),
                new Rule("abs", ANY, (g, src, s, d) -> {
                    Built a = g.gen(src, s, d);
                    return new Built(a.expr().abs(), a.bound(), guards(List.of(a), awayFromZero(a.expr())));
                }),
                new Rule("relu", ANY, (g, src, s, d) -> {
                    Built a = g.gen(src, s, d);
                    return new Built(a.expr().relu(), a.bound(), guards(List.of(a), awayFromZero(a.expr())));
                }),
                new Rule("sum", (g, s) -> s.isScalar() && g.shapes.size() > 1, (g, src, s, d) -> {
                    Built a = g.gen(src, nonScalar(g, src), d);
                    return new Built(a.expr().sum(), a.bound() * a.expr().shape().size(), a.guards());
                }),
                new Rule("mean", (g, s) -> s.isScalar() && g.shapes.size() > 1, (g, src, s, d) -> {
                    Built a = g.gen(src, nonScalar(g, src), d);
                    return new Built(a.expr().mean(), a.bound(), a.guards());
                }),
                reduction("sum-axis", (a, axis) -> new Built(a.expr().sum(axis),
                        a.bound() * a.expr().shape().dim(axis), a.guards())),
                reduction("mean-axis", (a, axis) -> new Built(a.expr().mean(axis), a.bound(), a.guards())),
                reduction("max-axis", (a, axis) -> new Built(a.expr().max(axis), a.bound(),
                        guards(List.of(a), new Guard.NoTie(a.expr(), axis, Grammar.MARGIN)))),
                new Rule("matmul", (g, s) -> !products(g, s).isEmpty(), (g, src, s, d) -> {
                    List<Tuple2<Shape, Shape>> ps = products(g, s);
                    Tuple2<Shape, Shape> p = ps.get(Draws.pick(src, ps.size()));
                    Built a = g.gen(src, p._1, d);
                    Built b = g.gen(src, p._2, d);
                    int k = p._1.dim(-1);
                    return new Built(a.expr().matmul(b.expr()), a.bound() * b.bound() * k, guards(List.of(a, b)));
                }),
                new Rule("transpose", (g, s) -> s.rank() == 2 && g.has(Shape.matrix(s.dim(1), s.dim(0))),
                        (g, src, s, d) -> {
                    Built a = g.gen(src, Shape.matrix(s.dim(1), s.dim(0)), d);
                    return new Built(a.expr().transpose(), a.bound(), a.guards());
                }),
                new Rule("reshape", (g, s) -> !reshapes(g, s).isEmpty(), (g, src, s, d) -> {
                    List<Shape> from = reshapes(g, s);
                    Built a = g.gen(src, from.get(Draws.pick(src, from.size())), d);
                    return new Built(a.expr().reshape(s), a.bound(), a.guards());
                }),
                new Rule("slice", (g, s) -> !slices(g, s).isEmpty(), (g, src, s, d) -> {
                    List<Tuple2<Shape, Integer>> from = slices(g, s);
                    Tuple2<Shape, Integer> f = from.get(Draws.pick(src, from.size()));
                    int axis = f._2;
                    int len = s.dim(axis);
                    int start = Draws.pick(src, f._1.dim(axis) - len + 1);
                    Built a = g.gen(src, f._1, d);
                    return new Built(a.expr().slice(axis, start, start + len), a.bound(), a.guards());
                }),
                new Rule("concat", (g, s) -> !s.isScalar() && s.size() > 1, (g, src, s, d) -> {
                    List<Integer> axes = List.range(0, s.rank()).filter(ax -> s.dim(ax) > 1);
                    int axis = axes.get(Draws.pick(src, axes.size()));
                    int k = 1 + Draws.pick(src, s.dim(axis) - 1);
                    Built a = g.gen(src, s, d);
                    Built b = g.gen(src, s, d);
                    return new Built(Grammar.spliced(a.expr(), b.expr(), axis, k), Math.max(a.bound(), b.bound()),
                            guards(List.of(a, b)));
                }),
                new Rule("broadcast", NON_SCALAR, (g, src, s, d) -> {
                    List<Shape> from = g.partners(s).remove(s);
                    Built a = g.gen(src, from.get(Draws.pick(src, from.size())), d);
                    return new Built(a.expr().broadcastTo(s), a.bound(), a.guards());
                }),
                new Rule("sum-to", (g, s) -> !sumsTo(g, s).isEmpty(), (g, src, s, d) -> {
                    List<Shape> from = sumsTo(g, s);
                    Built a = g.gen(src, from.get(Draws.pick(src, from.size())), d);
                    return new Built(a.expr().sumTo(s), a.bound() * a.expr().shape().size() / s.size(), a.guards());
                }),
                new Rule("softmax", NON_SCALAR, (g, src, s, d) -> {
                    Built a = g.gen(src, s, d);
                    return new Built(a.expr().softmax(), 1, a.guards());
                }),
                new Rule("log-softmax", NON_SCALAR, (g, src, s, d) -> {
                    Built a = g.gen(src, s, d);
                    return new Built(a.expr().logSoftmax(), 2 * a.bound() + Math.log(s.dim(-1)), a.guards());
                }),
                new Rule("where", ANY, (g, src, s, d) -> {
                    List<Shape> ps = g.partners(s);
                    Built c = g.gen(src, ps.get(Draws.pick(src, ps.size())), d);
                    Built a = g.gen(src, s, d);
                    Built b = g.gen(src, s, d);
                    Expr cond = c.expr().gt(Const.of(0));
                    return new Built(cond.select(a.expr(), b.expr()), Math.max(a.bound(), b.bound()),
                            guards(List.of(c, a, b), awayFromZero(c.expr())));
                }));
    }

    /** Operations whose values are checked but whose derivatives finite differences cannot see. */
    static List<Production> valuesOnly() {
        return List.of(
                unary("stop-gradient", a -> new Built(a.expr().stopGradient(), a.bound(), a.guards())),
                binary("compare", (a, b) -> new Built(a.expr().gt(b.expr()).plus(a.expr().lt(b.expr()).times(2))
                        .plus(a.expr().eq(b.expr()).times(3)), 3, guards(List.of(a, b)))),
                reduction("argmax", (a, axis) -> new Built(a.expr().argmax(axis), a.expr().shape().dim(axis),
                        a.guards())));
    }

    /** A user's shape-preserving operation with a bound on its result given its argument's. */
    static Production custom(String name, UnaryOperator<Expr> op, DoubleUnaryOperator bound) {
        return new Rule(name, ANY, (g, src, s, d) -> {
            Built a = g.gen(src, s, d);
            Expr e = op.apply(a.expr());
            if (!e.shape().equals(s)) {
                throw new IllegalArgumentException("custom operation " + name + " changed shape " + s + " to "
                        + e.shape() + "; it must keep the shape of its argument");
            }
            return new Built(e, bound.applyAsDouble(a.bound()), a.guards());
        });
    }

    private static Production unary(String name, UnaryOperator<Built> f) {
        return new Rule(name, ANY, (g, src, s, d) -> f.apply(g.gen(src, s, d)));
    }

    private static Production binary(String name, java.util.function.BinaryOperator<Built> f) {
        return new Rule(name, ANY, (g, src, s, d) -> {
            List<Shape> p = g.pair(src, s);
            return f.apply(g.gen(src, p.get(0), d), g.gen(src, p.get(1), d));
        });
    }

    private static Production reduction(String name, java.util.function.BiFunction<Built, Integer, Built> f) {
        return new Rule(name, (g, s) -> !axes(g, s).isEmpty(), (g, src, s, d) -> {
            List<Tuple2<Shape, Integer>> as = axes(g, s);
            Tuple2<Shape, Integer> a = as.get(Draws.pick(src, as.size()));
            return f.apply(g.gen(src, a._1, d), a._2);
        });
    }

    private static Built div(Grammar g, RandomnessSource src, Shape s, int d) {
        List<Shape> p = g.pair(src, s);
        Built a = g.gen(src, p.get(0), d);
        Positive b = g.positive(src, p.get(1), d);
        return new Built(a.expr().div(b.built().expr()), a.bound() / b.low(), guards(List.of(a, b.built())));
    }

    private static Built powExpr(Grammar g, RandomnessSource src, Shape s, int d) {
        List<Shape> p = g.pair(src, s);
        Positive a = g.positive(src, p.get(0), d);
        Built b = tame(g.gen(src, p.get(1), d), 1);
        double base = Math.max(a.high(), 1 / a.low());
        return new Built(a.built().expr().pow(b.expr()), Math.pow(base, b.bound()), guards(List.of(a.built(), b)));
    }

    private static Shape nonScalar(Grammar g, RandomnessSource src) {
        List<Shape> ns = g.shapes.filter(x -> !x.isScalar());
        return ns.get(Draws.pick(src, ns.size()));
    }

    /** Argument shapes and axes whose reduction gives s. */
    static List<Tuple2<Shape, Integer>> axes(Grammar g, Shape s) {
        List<Tuple2<Shape, Integer>> out = List.empty();
        for (Shape x : g.shapes) {
            for (int axis = 0; axis < x.rank(); axis++) {
                if (x.without(axis).equals(s)) {
                    out = out.append(Tuple.of(x, axis));
                }
            }
        }
        return out;
    }

    /** Operand shapes whose matrix product has shape s. */
    static List<Tuple2<Shape, Shape>> products(Grammar g, Shape s) {
        List<Tuple2<Shape, Shape>> out = List.empty();
        for (Shape a : g.shapes) {
            for (Shape b : g.shapes) {
                if (a.rank() == 0 || b.rank() == 0 || a.rank() > 2 || b.rank() > 2
                        || a.dim(-1) != (b.rank() == 1 ? b.dim(0) : b.dim(-2))) {
                    continue;
                }
                Shape r = a.rank() == 1 && b.rank() == 1 ? Shape.scalar()
                        : a.rank() == 1 ? Shape.vector(b.dim(-1))
                        : b.rank() == 1 ? Shape.vector(a.dim(0))
                        : Shape.matrix(a.dim(0), b.dim(-1));
                if (r.equals(s)) {
                    out = out.append(Tuple.of(a, b));
                }
            }
        }
        return out;
    }

    static List<Shape> reshapes(Grammar g, Shape s) {
        return g.shapes.filter(x -> x.size() == s.size() && !x.equals(s));
    }

    /** Shapes and axes from which a slice gives s. */
    static List<Tuple2<Shape, Integer>> slices(Grammar g, Shape s) {
        List<Tuple2<Shape, Integer>> out = List.empty();
        for (Shape x : g.shapes) {
            if (x.rank() != s.rank() || s.isScalar()) {
                continue;
            }
            for (int axis = 0; axis < s.rank(); axis++) {
                int other = s.rank() == 2 ? 1 - axis : -1;
                boolean restAgrees = other < 0 || x.dim(other) == s.dim(other);
                if (restAgrees && x.dim(axis) > s.dim(axis)) {
                    out = out.append(Tuple.of(x, axis));
                }
            }
        }
        return out;
    }

    /** Shapes that sum down to s. */
    static List<Shape> sumsTo(Grammar g, Shape s) {
        return g.shapes.filter(x -> !x.equals(s) && s.broadcastsTo(x));
    }
}
