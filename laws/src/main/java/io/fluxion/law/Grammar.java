package io.fluxion.law;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.op.Structure;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashSet;
import io.vavr.collection.List;
import org.quicktheories.core.RandomnessSource;

/**
 * The grammar behind {@link ExprGen}: typed by shape, top-down, with a bound on the magnitude of
 * every node, so that logarithms, square roots and divisions only ever see positive arguments,
 * exponentials see small ones, and no value grows without limit. Expression depth is bounded by
 * the generator's maximum depth, so the recursion here is shallow.
 */
final class Grammar {
    /** Nodes whose bound exceeds this are scaled down to it. */
    static final double LIMIT = 50;
    /** The distance from a kink that guards require. */
    static final double MARGIN = 0.05;
    /** The chance, in percent, that a node below the root is a leaf. */
    private static final int LEAF_PERCENT = 25;
    /** The chance, in percent, that a leaf is a variable rather than a constant (when one fits). */
    private static final int VARIABLE_PERCENT = 85;

    /** A generated expression with a bound on its magnitude and the guards of its kinks. */
    record Built(Expr expr, double bound, List<Guard> guards) {
        Built(Expr expr, double bound) {
            this(expr, bound, List.empty());
        }
    }

    /** A generated expression that is positive, with bounds low &gt; 0 and high. */
    record Positive(Built built, double low, double high) {}

    /** One way to build an expression of a shape. */
    interface Production {
        String name();

        boolean applies(Grammar g, Shape s);

        Built build(Grammar g, RandomnessSource src, Shape s, int depth);
    }

    final Domain domain;
    final List<Shape> shapes;
    final List<Production> productions;

    Grammar(Domain domain, List<Production> productions) {
        this.domain = domain;
        this.productions = productions;
        this.shapes = shapesOf(domain);
    }

    /** The scalar shape, every variable's shape, and the transposes and rows and columns of matrices. */
    static List<Shape> shapesOf(Domain d) {
        LinkedHashSet<Shape> s = LinkedHashSet.of(Shape.scalar());
        for (Var v : d.variables()) {
            Shape x = v.shape();
            s = s.add(x);
            if (x.rank() == 2) {
                s = s.add(Shape.matrix(x.dim(1), x.dim(0))).add(Shape.vector(x.dim(0))).add(Shape.vector(x.dim(1)));
            }
        }
        return s.toList();
    }

    boolean has(Shape s) {
        return shapes.contains(s);
    }

    /** An expression of shape s with at most {@code depth} more levels of operations. */
    Built gen(RandomnessSource src, Shape s, int depth) {
        if (depth <= 0 || Draws.chance(src, LEAF_PERCENT)) {
            return leaf(src, s);
        }
        return grow(src, s, depth);
    }

    /** The root of a generated expression: never a bare leaf unless depth is 0. */
    Built root(RandomnessSource src, Shape s, int depth) {
        return depth <= 0 ? leaf(src, s) : grow(src, s, depth);
    }

    /** An operation of shape s drawn from the productions that fit, or a leaf if none does. */
    private Built grow(RandomnessSource src, Shape s, int depth) {
        List<Production> fit = productions.filter(p -> p.applies(this, s));
        if (fit.isEmpty()) {
            return leaf(src, s);
        }
        Production p = fit.get(Draws.pick(src, fit.size()));
        return tame(p.build(this, src, s, depth - 1), LIMIT);
    }

    /** A variable of shape s (possibly broadcast or averaged to it), or a constant. */
    Built leaf(RandomnessSource src, Shape s) {
        List<Built> vars = List.empty();
        for (Var v : domain.variables()) {
            double b = domain.bound(v);
            Shape x = v.shape();
            if (x.equals(s)) {
                vars = vars.append(new Built(v, b));
            }
        }
        for (Var v : domain.variables()) {
            double b = domain.bound(v);
            Shape x = v.shape();
            if (!x.equals(s) && x.broadcastsTo(s)) {
                vars = vars.append(new Built(v.broadcastTo(s), b));
            } else if (s.isScalar() && !x.isScalar()) {
                vars = vars.append(new Built(v.mean(), b));
            }
        }
        if (!vars.isEmpty() && Draws.chance(src, VARIABLE_PERCENT)) {
            return vars.get(Draws.pick(src, vars.size()));
        }
        double[] c = new double[s.size()];
        double bound = 0;
        for (int i = 0; i < c.length; i++) {
            c[i] = Draws.coarse(src, -20, 20, 10, 0.1);
            bound = Math.max(bound, Math.abs(c[i]));
        }
        return new Built(new Const(Tensor.of(s, c)), bound);
    }

    /** A positive expression of shape s: a² + c, exp(a) with a small, or sigmoid(a) + c. */
    Positive positive(RandomnessSource src, Shape s, int depth) {
        Built a = gen(src, s, depth);
        switch (Draws.pick(src, 3)) {
            case 0 -> {
                double c = Draws.coarse(src, 5, 20, 10, 0.1);
                return new Positive(new Built(a.expr.square().plus(c), a.bound * a.bound + c, a.guards), c,
                        a.bound * a.bound + c);
            }
            case 1 -> {
                Built t = tame(a, 2);
                return new Positive(new Built(t.expr.exp(), Math.exp(t.bound), t.guards), Math.exp(-t.bound),
                        Math.exp(t.bound));
            }
            default -> {
                double c = Draws.coarse(src, 2, 10, 5, 0.1);
                return new Positive(new Built(a.expr.sigmoid().plus(c), 1 + c, a.guards), c, 1 + c);
            }
        }
    }

    /** b scaled down so that its bound is at most {@code limit}. */
    static Built tame(Built b, double limit) {
        return b.bound <= limit ? b : new Built(b.expr.times(limit / b.bound), limit, b.guards);
    }

    /** The shapes that broadcast with s to give s: s itself, the scalar, and the row of a matrix. */
    List<Shape> partners(Shape s) {
        List<Shape> p = List.of(s);
        if (!s.isScalar()) {
            p = p.append(Shape.scalar());
        }
        if (s.rank() == 2 && has(Shape.vector(s.dim(1)))) {
            p = p.append(Shape.vector(s.dim(1)));
        }
        return p;
    }

    /** Two argument shapes whose broadcast is s: (s, s), or s with a partner on either side. */
    List<Shape> pair(RandomnessSource src, Shape s) {
        List<Shape> ps = partners(s);
        Shape other = ps.get(Draws.pick(src, ps.size()));
        return other.equals(s) || Draws.pick(src, 2) == 0 ? List.of(s, other) : List.of(other, s);
    }

    /** Guards of several built expressions, and more. */
    static List<Guard> guards(List<Built> parts, Guard... more) {
        return parts.flatMap(Built::guards).appendAll(List.of(more));
    }

    /** A guard that every element of e keeps away from zero. */
    static Guard awayFromZero(Expr e) {
        return new Guard.AwayFromZero(e, MARGIN);
    }

    /** The pieces of a vector or matrix joined back along an axis, split at k. */
    static Expr spliced(Expr a, Expr b, int axis, int k) {
        int n = a.shape().dim(axis);
        return Structure.concat(axis, List.of(a.slice(axis, 0, k), b.slice(axis, k, n)));
    }
}
