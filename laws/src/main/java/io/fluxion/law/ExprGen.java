package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.quicktheories.core.Gen;

/**
 * Generates random well-defined expressions over the variables of a {@link Domain}, for
 * QuickTheories: every operation of the core library at every shape the variables allow (scalar,
 * their own shapes, the transposes, rows and columns of matrices, and for batches of matrices their
 * transposes, square batches and reductions; see {@link #shapes()}), logarithms, square roots
 * and divisions only of positive expressions, exponentials only of small ones, and every node's
 * magnitude bounded (a node that could exceed 50 is scaled down). Kinks (relu, abs, max, min, where)
 * carry {@link Guard}s, so that samples too close to one are skipped. Element-wise functions come
 * from the core's {@code Catalogue} with their domains, so a new one is generated with no change
 * here.
 *
 * <p>Expressions are built from QuickTheories draws that shrink towards leaves, variables and
 * earlier, simpler operations, so a failing expression shrinks to a small one.
 *
 * <pre>{@code
 * Gen<Term> fs = ExprGen.over(Domain.of(x, -2, 2).and(w, -1, 1)).withMaxDepth(3).scalars();
 * }</pre>
 */
public final class ExprGen {
    private final Domain domain;
    private final int maxDepth;
    private final boolean valuesOnly;
    private final List<Grammar.Production> custom;
    private final List<String> only;
    private final boolean images;

    private ExprGen(Domain domain, int maxDepth, boolean valuesOnly, List<Grammar.Production> custom,
            List<String> only, boolean images) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be at least 0, got " + maxDepth);
        }
        this.domain = domain;
        this.maxDepth = maxDepth;
        this.valuesOnly = valuesOnly;
        this.custom = custom;
        this.only = only;
        this.images = images;
    }

    /** Differentiable expressions over the domain's variables, at most four operations deep. */
    public static ExprGen over(Domain domain) {
        return new ExprGen(domain, 4, false, List.empty(), List.empty(), false);
    }

    /** The domain whose variables the expressions use. */
    public Domain domain() {
        return domain;
    }

    /** This generator with another maximum depth of operations. */
    public ExprGen withMaxDepth(int depth) {
        return new ExprGen(domain, depth, valuesOnly, custom, only, images);
    }

    /**
     * This generator also using operations whose derivatives finite differences cannot see
     * (stopGradient, comparisons, argmax): for laws about values only, such as interpreters agreeing.
     */
    public ExprGen withNonDifferentiable() {
        return new ExprGen(domain, maxDepth, true, custom, only, images);
    }

    /**
     * This generator also using convolutions and pooling (conv2d, maxPool2d, avgPool2d), on images
     * reshaped from expressions of its shapes (the last two axes an image, the axes before them
     * its channels), with kernels, strides and paddings that fit. Asked for rather than always
     * there, so that the default grammar, and every seeded run and its shrinking, stay as they are.
     */
    public ExprGen withImages() {
        return new ExprGen(domain, maxDepth, valuesOnly, custom, only, true);
    }

    /**
     * This generator also using a user's shape-preserving operation, such as one applying a custom
     * primitive; {@code bound} gives a bound on the result's magnitude from one on the argument's.
     */
    public ExprGen withUnary(String name, UnaryOperator<Expr> op, DoubleUnaryOperator bound) {
        return new ExprGen(domain, maxDepth, valuesOnly, custom.append(Productions.custom(name, op, bound)), only,
                images);
    }

    /** This generator restricted to the named operations (see {@link #operations()}); leaves are always allowed. */
    public ExprGen only(String... names) {
        List<String> ns = List.of(names);
        List<String> unknown = ns.removeAll(operations());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown operations " + unknown.mkString(", ") + "; known: "
                    + operations().mkString(", "));
        }
        return new ExprGen(domain, maxDepth, valuesOnly, custom, ns, images);
    }

    /** The names of the operations this generator uses. */
    public List<String> operations() {
        return allProductions().map(Grammar.Production::name);
    }

    /**
     * The shapes expressions may have: the scalar, the variables' shapes, matrices' transposes, rows
     * and columns, and for a batch (b, m, n) of matrices (b, n, m), (b, n, n) and its reductions.
     */
    public List<Shape> shapes() {
        return Grammar.shapesOf(domain);
    }

    /** Expressions of the given shape, which must be one of {@link #shapes()}. */
    public Gen<Term> terms(Shape output) {
        if (!shapes().contains(output)) {
            throw new IllegalArgumentException("ExprGen: shape " + output + " is not one of " + shapes().mkString(", "));
        }
        Grammar g = grammar();
        Gen<Term> gen = src -> {
            Grammar.Built b = g.root(src, output, maxDepth);
            return new Term(b.expr(), b.guards());
        };
        return gen.describedAs(Term::toString);
    }

    /** Scalar expressions, for laws about gradients. */
    public Gen<Term> scalars() {
        return terms(Shape.scalar());
    }

    /** Expressions of any of the {@link #shapes()}. */
    public Gen<Term> anyShape() {
        Grammar g = grammar();
        List<Shape> ss = shapes();
        Gen<Term> gen = src -> {
            Grammar.Built b = g.root(src, ss.get(Draws.pick(src, ss.size())), maxDepth);
            return new Term(b.expr(), b.guards());
        };
        return gen.describedAs(Term::toString);
    }

    private List<Grammar.Production> allProductions() {
        return Productions.differentiable().appendAll(images ? ConvProductions.all() : List.empty())
                .appendAll(valuesOnly ? Productions.valuesOnly() : List.empty()).appendAll(custom);
    }

    /** The grammar of this generator: its shapes and the productions it may use. */
    Grammar grammar() {
        List<Grammar.Production> ps = allProductions();
        if (!only.isEmpty()) {
            ps = ps.filter(p -> only.contains(p.name()));
        }
        if (ps.isEmpty()) {
            throw new IllegalArgumentException("ExprGen: no operations left");
        }
        return new Grammar(domain, ps);
    }
}
