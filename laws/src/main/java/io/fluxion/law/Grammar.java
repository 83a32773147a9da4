package io.fluxion.law;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.op.Catalogue;
import io.fluxion.op.Structure;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashSet;
import io.vavr.collection.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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

    /** A generated expression whose every element lies in [low, high]. */
    record Ranged(Built built, double low, double high) {
        /** This expression scaled down, if need be, so that no element exceeds {@code limit} in magnitude. */
        Ranged within(double limit) {
            double m = Math.max(Math.abs(low), Math.abs(high));
            if (m <= limit) {
                return this;
            }
            double f = limit / m;
            return new Ranged(new Built(built.expr.times(f), built.bound * f, built.guards), low * f, high * f);
        }
    }

    /** One way to build an expression of a shape. */
    interface Production {
        /** The production's name, by which {@link ExprGen#only} selects it. */
        String name();

        /**
         * The catalogued primitives ({@link Catalogue}) this production puts into the expressions
         * it builds: the coverage test reads them to know that a primitive has a production.
         */
        default List<String> primitives() {
            return List.of(name());
        }

        boolean applies(Grammar g, Shape s);

        Built build(Grammar g, RandomnessSource src, Shape s, int depth);
    }

    final Domain domain;
    final List<Shape> shapes;
    final List<Production> productions;
    /** Tables of fitting argument shapes, computed once per table and output shape. */
    private final Map<String, Object> fits = new ConcurrentHashMap<>();

    Grammar(Domain domain, List<Production> productions) {
        this.domain = domain;
        this.productions = productions;
        this.shapes = shapesOf(domain);
    }

    /**
     * The scalar shape, every variable's shape, the transposes, rows and columns of matrices, and for
     * a batch of matrices (b, m, n): its matrix transposes (b, n, m), the batch of square matrices
     * (b, n, n) (so that batched products of two batches land in the set) and its reductions along
     * each axis. Each shape is one more target every production must fit, so the set stays small.
     */
    static List<Shape> shapesOf(Domain d) {
        LinkedHashSet<Shape> s = LinkedHashSet.of(Shape.scalar());
        for (Var v : d.variables()) {
            Shape x = v.shape();
            s = s.add(x);
            if (x.rank() == 2) {
                s = s.add(Shape.matrix(x.dim(1), x.dim(0))).add(Shape.vector(x.dim(0))).add(Shape.vector(x.dim(1)));
            } else if (x.rank() == 3) {
                s = s.add(Shape.of(x.dim(0), x.dim(2), x.dim(1))).add(Shape.of(x.dim(0), x.dim(2), x.dim(2)));
                for (int a = 0; a < 3; a++) {
                    s = s.add(x.without(a));
                }
            }
        }
        return s.toList();
    }

    boolean has(Shape s) {
        return shapes.contains(s);
    }

    /** A table about shape s (which argument shapes fit a production), computed on first use. */
    @SuppressWarnings("unchecked")
    <T> T fit(String table, Shape s, Function<Shape, T> compute) {
        return (T) fits.computeIfAbsent(table + " " + s, k -> compute.apply(s));
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
            if (v.shape().equals(s)) {
                vars = vars.append(new Built(v, domain.bound(v)));
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

    /** An argument of shape s inside a catalogued function's domain, with the interval of its elements. */
    Ranged argument(RandomnessSource src, Shape s, int depth, Catalogue.Domain where) {
        return switch (where) {
            case REAL -> {
                Built a = gen(src, s, depth);
                yield new Ranged(a, -a.bound, a.bound);
            }
            case POSITIVE -> positive(src, s, depth);
            case ABOVE_MINUS_ONE -> aboveMinusOne(src, s, depth);
        };
    }

    /** A positive expression of shape s: a² + c, exp(a) with a small, or sigmoid(a) + c. */
    Ranged positive(RandomnessSource src, Shape s, int depth) {
        Built a = gen(src, s, depth);
        switch (Draws.pick(src, 3)) {
            case 0 -> {
                double c = Draws.coarse(src, 5, 20, 10, 0.1);
                double high = a.bound * a.bound + c;
                return new Ranged(new Built(a.expr.square().plus(c), high, a.guards), c, high);
            }
            case 1 -> {
                Built t = tame(a, 2);
                double high = Math.exp(t.bound);
                return new Ranged(new Built(t.expr.exp(), high, t.guards), Math.exp(-t.bound), high);
            }
            default -> {
                double c = Draws.coarse(src, 2, 10, 5, 0.1);
                return new Ranged(new Built(a.expr.sigmoid().plus(c), 1 + c, a.guards), c, 1 + c);
            }
        }
    }

    /**
     * An expression of shape s whose elements stay above -0.9 (the domain of log1p, kept 0.1 from
     * its pole so that derivatives stay moderate): a positive expression minus a constant under 1,
     * or sigmoid(a)·c - 0.9.
     */
    Ranged aboveMinusOne(RandomnessSource src, Shape s, int depth) {
        if (Draws.pick(src, 2) == 0) {
            Ranged p = positive(src, s, depth);
            // Shifting by low + t puts the lowest value at -t, so the argument crosses 0 when it can.
            double t = Draws.coarse(src, 1, 9, 5, 0.1);
            double k = p.low + t;
            double low = p.low - k;
            double high = p.high - k;
            return new Ranged(new Built(p.built.expr.minus(k), Math.max(-low, Math.abs(high)), p.built.guards),
                    low, high);
        }
        Built a = gen(src, s, depth);
        double c = Draws.coarse(src, 5, 30, 10, 0.1);
        return new Ranged(new Built(a.expr.sigmoid().times(c).minus(0.9), Math.max(0.9, c - 0.9), a.guards),
                -0.9, c - 0.9);
    }

    /** b scaled down so that its bound is at most {@code limit}. */
    static Built tame(Built b, double limit) {
        return b.bound <= limit ? b : new Built(b.expr.times(limit / b.bound), limit, b.guards);
    }

    /**
     * The shapes that broadcast with s to give s: s itself, the scalar, the row of a matrix or a
     * batch, and the matrix of a batch.
     */
    List<Shape> partners(Shape s) {
        List<Shape> p = List.of(s);
        if (!s.isScalar()) {
            p = p.append(Shape.scalar());
        }
        if (s.rank() >= 2 && has(Shape.vector(s.dim(-1)))) {
            p = p.append(Shape.vector(s.dim(-1)));
        }
        if (s.rank() >= 3 && has(s.drop(1))) {
            p = p.append(s.drop(1));
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

    /**
     * A guard that the maximum of x over the axes (all when none) has no near tie: the reduced axes
     * are moved last and flattened into one, so that {@link Guard.NoTie} checks one axis.
     */
    static Guard noTie(Expr x, int... axes) {
        Shape s = x.shape();
        boolean[] reduced = new boolean[s.rank()];
        for (int a : axes) {
            reduced[s.normalise(a)] = true;
        }
        if (axes.length == 0) {
            java.util.Arrays.fill(reduced, true);
        }
        int[] perm = new int[s.rank()];
        int[] kept = new int[s.rank() + 1];
        int k = 0;
        int n = 1;
        for (int a = 0; a < s.rank(); a++) {
            if (!reduced[a]) {
                kept[k] = s.dim(a);
                perm[k++] = a;
            }
        }
        int r = k;
        for (int a = 0; a < s.rank(); a++) {
            if (reduced[a]) {
                perm[r++] = a;
                n *= s.dim(a);
            }
        }
        kept[k] = n;
        Expr lanes = x.transpose(perm).reshape(java.util.Arrays.copyOf(kept, k + 1));
        return new Guard.NoTie(lanes, k, MARGIN);
    }

    /** The pieces of a tensor joined back along an axis, split at k. */
    static Expr spliced(Expr a, Expr b, int axis, int k) {
        int n = a.shape().dim(axis);
        return Structure.concat(axis, List.of(a.slice(axis, 0, k), b.slice(axis, k, n)));
    }
}
