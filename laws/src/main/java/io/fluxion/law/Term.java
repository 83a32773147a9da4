package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Graph;
import io.fluxion.interp.Show;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;

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
