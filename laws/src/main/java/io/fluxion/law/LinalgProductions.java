package io.fluxion.law;

import static io.fluxion.law.Grammar.guards;
import static io.fluxion.law.Productions.pick;
import static io.fluxion.law.Productions.rule;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.law.Grammar.Built;
import io.fluxion.law.Grammar.Production;
import io.fluxion.op.Linalg;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.quicktheories.core.RandomnessSource;

/**
 * Products and transposes: the matrix product at every pair of shapes NumPy's rules allow
 * (vectors, matrices, batches with broadcast batch dimensions), products of matrix-transposed
 * operands (which compile fuses into matmulNT, matmulTN and matmulTT), and transposes by any
 * permutation.
 *
 * <p>Functions of square matrices (inverse, determinant, trace, …) are one entry each in
 * {@link #all()}, made with {@link #squareMatrices}: it finds the square (batches of) matrices of
 * the grammar and builds a well-conditioned argument ({@link #conditioned}), so the entry only
 * says how the output's shape follows and how to build the node and its bound.
 */
final class LinalgProductions {
    private LinalgProductions() {}

    /** A generated square matrix (or batch of them) whose singular values all lie in [low, high]. */
    record Conditioned(Built built, double low, double high) {}

    static List<Production> all() {
        return List.of(
                rule("matmul", (g, s) -> !products(g, s).isEmpty(), (g, src, s, d) -> {
                    Tuple2<Shape, Shape> p = pick(src, products(g, s));
                    return product(g.gen(src, p._1, d), g.gen(src, p._2, d));
                }),
                rule("matmul-transposed", List.of("matmul", "transpose"),
                        (g, s) -> !transposedProducts(g, s).isEmpty(), LinalgProductions::transposedProduct),
                rule("transpose", (g, s) -> !permutations(g, s).isEmpty(), (g, src, s, d) -> {
                    Tuple2<Shape, int[]> p = pick(src, permutations(g, s));
                    Built a = g.gen(src, p._1, d);
                    return new Built(a.expr().transpose(p._2), a.bound(), a.guards());
                }),
                // Functions of square matrices, on well-conditioned arguments (singular values in [low, high]).
                squareMatrices("inv", x -> x, (m, c) -> new Built(m.expr().inv(), 1 / c.low(), m.guards())),
                squareMatrices("det", LinalgProductions::batch, (m, c) -> new Built(m.expr().det(),
                        Math.pow(c.high(), m.expr().shape().dim(-1)), m.guards())),
                squareMatrices("logDet", LinalgProductions::batch, (m, c) -> new Built(m.expr().logDet(),
                        m.expr().shape().dim(-1) * Math.max(Math.abs(Math.log(c.low())), Math.abs(Math.log(c.high()))),
                        m.guards())),
                squareMatrices("trace", LinalgProductions::batch, (m, c) -> new Built(m.expr().trace(),
                        m.expr().shape().dim(-1) * m.bound(), m.guards())),
                squareMatrices("diagonal", x -> x.take(x.rank() - 1), (m, c) -> new Built(m.expr().diagonal(),
                        m.bound(), m.guards())),
                rule("diagEmbed", (g, s) -> isSquare(s) && g.has(s.take(s.rank() - 1)), (g, src, s, d) -> {
                    Built v = g.gen(src, s.take(s.rank() - 1), d);
                    return new Built(v.expr().diagEmbed(), v.bound(), v.guards());
                }),
                rule("solve", (g, s) -> !solves(g, s).isEmpty(), (g, src, s, d) -> {
                    Conditioned a = conditioned(g, src, pick(src, solves(g, s)), d);
                    Built b = g.gen(src, s, d);
                    int n = a.built().expr().shape().dim(-1);
                    return new Built(a.built().expr().solve(b.expr()), n * b.bound() / a.low(),
                            guards(List.of(a.built(), b)));
                }));
    }

    /** The batch dimensions of a square (batch of) matrix: the shape of its determinant. */
    private static Shape batch(Shape x) {
        return x.take(x.rank() - 2);
    }

    private static boolean isSquare(Shape s) {
        return s.rank() >= 2 && s.dim(-1) == s.dim(-2);
    }

    /** Square matrices of the grammar that solve a right-hand side of shape s (a vector or a matrix of columns). */
    static List<Shape> solves(Grammar g, Shape s) {
        if (s.rank() == 0) {
            return List.empty();
        }
        int n = s.rank() == 1 ? s.dim(0) : s.dim(-2);
        Shape square = Shape.matrix(n, n);
        return g.has(square) ? List.of(square) : List.empty();
    }

    /** a · b, bounded by the product of the bounds times the length of the contraction. */
    private static Built product(Built a, Built b) {
        int k = a.expr().shape().dim(-1);
        return new Built(a.expr().matmul(b.expr()), a.bound() * b.bound() * k, guards(List.of(a, b)));
    }

    /** A product with one operand or both built at their matrix-transposed shape and transposed back. */
    private static Built transposedProduct(Grammar g, RandomnessSource src, Shape s, int d) {
        Tuple2<Shape, Shape> p = pick(src, transposedProducts(g, s));
        boolean left = transposable(g, p._1);
        boolean right = transposable(g, p._2);
        // Both transposed (fused to matmulTT, which no VJP of a plain product makes) half the time they can be.
        boolean both = left && right && Draws.pick(src, 2) == 0;
        boolean leftOnly = !both && left && (!right || Draws.pick(src, 2) == 0);
        Built a = both || leftOnly ? transposed(g.gen(src, swapLast(p._1), d)) : g.gen(src, p._1, d);
        Built b = both || !leftOnly ? transposed(g.gen(src, swapLast(p._2), d)) : g.gen(src, p._2, d);
        return product(a, b);
    }

    private static Built transposed(Built a) {
        return new Built(a.expr().matrixTranspose(), a.bound(), a.guards());
    }

    private static boolean transposable(Grammar g, Shape x) {
        return x.rank() >= 2 && g.has(swapLast(x));
    }

    private static Shape swapLast(Shape x) {
        return x.with(-1, x.dim(-2)).with(-2, x.dim(-1));
    }

    /**
     * A production for a function of square matrices or batches of them: {@code output} gives the
     * result's shape from the argument's, and {@code node} builds the result and its bound from a
     * well-conditioned argument. For example, with the core's inverse,
     * {@code squareMatrices("inv", x -> x, (m, c) -> new Built(m.expr().inv(), 1 / c.low(), m.guards()))}.
     */
    static Production squareMatrices(String name, UnaryOperator<Shape> output,
            BiFunction<Built, Conditioned, Built> node) {
        return rule(name, (g, s) -> !squares(g, s, output).isEmpty(), (g, src, s, d) -> {
            Conditioned c = conditioned(g, src, pick(src, squares(g, s, output)), d);
            return node.apply(c.built(), c);
        });
    }

    /** The square (batches of) matrices of the grammar that {@code output} takes to s. */
    static List<Shape> squares(Grammar g, Shape s, UnaryOperator<Shape> output) {
        return g.shapes.filter(x -> x.rank() >= 2 && x.dim(-1) == x.dim(-2) && output.apply(x).equals(s));
    }

    /**
     * c·I + E for a constant c in [1, 3] and a generated E whose elements are at most c / 2n in
     * magnitude, so that ‖E‖₂ ≤ c / 2: every singular value lies in [c / 2, 3c / 2], and every
     * eigenvalue within c / 2 of c, so the determinant is positive and its logarithm defined.
     */
    static Conditioned conditioned(Grammar g, RandomnessSource src, Shape x, int depth) {
        int n = x.dim(-1);
        double c = Draws.coarse(src, 10, 30, 10, 0.1);
        Built e = Grammar.tame(g.gen(src, x, depth), c / (2 * n));
        double[] eye = new double[n * n];
        for (int i = 0; i < n; i++) {
            eye[i * n + i] = c;
        }
        Expr m = e.expr().plus(new Const(Tensor.of(Shape.matrix(n, n), eye)));
        return new Conditioned(new Built(m, c + e.bound(), e.guards()), c / 2, 3 * c / 2);
    }

    /** Operand shapes of the grammar whose product has shape s, by the core's own shape rule. */
    static List<Tuple2<Shape, Shape>> products(Grammar g, Shape s) {
        return g.fit("products", s, t -> {
            List<Tuple2<Shape, Shape>> out = List.empty();
            for (Shape a : g.shapes) {
                for (Shape b : g.shapes) {
                    if (productShape(a, b).contains(t)) {
                        out = out.append(Tuple.of(a, b));
                    }
                }
            }
            return out;
        });
    }

    /** The products of s whose operands can be built transposed. */
    static List<Tuple2<Shape, Shape>> transposedProducts(Grammar g, Shape s) {
        return g.fit("transposedProducts", s, t -> products(g, t)
                .filter(p -> transposable(g, p._1) || transposable(g, p._2)));
    }

    /** Shapes of the grammar and permutations other than the identity that take them to s. */
    static List<Tuple2<Shape, int[]>> permutations(Grammar g, Shape s) {
        return g.fit("permutations", s, t -> {
            List<Tuple2<Shape, int[]>> out = List.empty();
            for (Shape x : g.shapes.filter(x -> x.rank() == t.rank() && x.rank() >= 2)) {
                for (List<Integer> perm : List.range(0, x.rank()).permutations()) {
                    int[] p = Productions.array(perm);
                    boolean identity = perm.equals(List.range(0, x.rank()));
                    int[] d = new int[p.length];
                    for (int i = 0; i < p.length; i++) {
                        d[i] = x.dim(p[i]);
                    }
                    if (!identity && Shape.of(d).equals(t)) {
                        out = out.append(Tuple.of(x, p));
                    }
                }
            }
            return out;
        });
    }

    /** The shape of a · b, or none when they do not multiply. */
    private static Option<Shape> productShape(Shape a, Shape b) {
        try {
            return Option.of(Linalg.MATMUL.shape(List.of(a, b)));
        } catch (ShapeException e) {
            return Option.none();
        }
    }
}
