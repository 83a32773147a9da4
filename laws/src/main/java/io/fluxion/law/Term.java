package io.fluxion.law;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Show;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Stream;

/**
 * A function under test: an expression and the {@link Guard}s that say where it is smooth. A
 * user's function has no guards; a generated one has a guard for every kink it contains.
 *
 * @param expr the expression
 * @param guards the conditions for smoothness at a point
 */
public record Term(Expr expr, List<Guard> guards) {

    /** A term without guards: smooth wherever it is checked. */
    public static Term of(Expr expr) {
        return new Term(expr, List.empty());
    }

    /** Whether every guard holds at the point (true if there are none). */
    public boolean smoothAt(Bindings point) {
        if (guards.isEmpty()) {
            return true;
        }
        List<Tensor> values = Evaluate.evaluate(guards.map(Guard::probe), point);
        return guards.zip(values).forAll(p -> p._1.holds(p._2));
    }

    /** The largest magnitude {@link #definedAt} accepts for any intermediate value. */
    static final double BOUND = Grammar.LIMIT * Grammar.LIMIT;

    /**
     * Whether the expression is well defined at the point as generated ones are: every
     * intermediate value, and every element of the gradient (of the sum, for a non-scalar), finite
     * and at most {@value #BOUND} in magnitude. Shrinking keeps only such terms, since replacing a
     * node can take a logarithm's argument below zero or an exponential's above its bound.
     */
    public boolean definedAt(Bindings point) {
        try {
            List<Expr> nodes = List.ofAll(Graph.topologicalOrder(List.of(expr)));
            List<Var> vars = point.values().keySet().toList();
            List<Expr> grads = io.fluxion.interp.Reverse.gradients(expr.shape().isScalar() ? expr : expr.sum(), vars);
            for (Tensor t : Evaluate.evaluate(nodes.appendAll(grads), point)) {
                for (double d : t.toArray()) {
                    if (!(Math.abs(d) <= BOUND)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Structurally smaller terms, simplest first: each operation replaced by one of its arguments
     * of the same shape (nodes nearer the root first), then by a variable of the same shape.
     * Guards follow the replacement.
     */
    public Stream<Term> smaller() {
        List<Expr> nodes = List.ofAll(Graph.topologicalOrder(List.of(expr))).reverse();
        List<Var> vars = nodes.filter(n -> n instanceof Var).map(n -> (Var) n);
        Stream<Term> byArgument = Stream.ofAll(nodes).filter(n -> n instanceof Apply)
                .flatMap(n -> Stream.ofAll(((Apply) n).args().distinct())
                        .filter(a -> a.shape().equals(n.shape()))
                        .map(a -> replaced(n, a)));
        Stream<Term> byVariable = Stream.ofAll(nodes).filter(n -> n instanceof Apply)
                .flatMap(n -> Stream.ofAll(vars).filter(v -> v.shape().equals(n.shape())).map(v -> replaced(n, v)));
        return byArgument.appendAll(byVariable);
    }

    private Term replaced(Expr target, Expr by) {
        return new Term(Replace.replace(expr, target, by), guards.map(g -> switch (g) {
            case Guard.AwayFromZero z -> new Guard.AwayFromZero(Replace.replace(z.probe(), target, by), z.margin());
            case Guard.NoTie t -> new Guard.NoTie(Replace.replace(t.probe(), target, by), t.axis(), t.margin());
        }));
    }

    /** The number of distinct nodes of the expression. */
    public int size() {
        return Graph.topologicalOrder(List.of(expr)).size();
    }

    /** The expression as infix text. */
    @Override
    public String toString() {
        return Show.show(expr);
    }
}
