package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Graph;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import org.quicktheories.core.Gen;

/**
 * One input of the gradient laws: a function, a point where it is smooth, two directions in the
 * input space and a cotangent in the output space. Prints the function with {@code show}.
 *
 * @param function the function (an expression with its guards)
 * @param point a value for every variable
 * @param direction a tangent for every variable
 * @param otherDirection a second tangent for every variable
 * @param cotangent a cotangent of the function's output shape
 */
public record Sample(Term function, Bindings point, Bindings direction, Bindings otherDirection, Tensor cotangent) {

    /** The function's expression. */
    public Expr expr() {
        return function.expr();
    }

    /** The variables of the point, in order. */
    public List<Var> variables() {
        return point.values().keySet().toList();
    }

    /**
     * Samples of the generated functions over the domain, at points where each is smooth (where
     * every guard holds).
     */
    public static Gen<Sample> of(Gen<Term> functions, Domain domain) {
        Gen<Bindings> points = domain.points();
        Gen<Bindings> directions = domain.directions();
        Gen<Sample> gen = src -> {
            Term f = functions.generate(src);
            Bindings at = points.generate(src);
            Bindings u = directions.generate(src);
            Bindings v = directions.generate(src);
            Tensor w = Draws.tensor(src, f.expr().shape(), -1, 1, 1);
            return new Sample(f, at, u, v, w);
        };
        return gen.assuming(s -> s.function().smoothAt(s.point())).describedAs(Sample::toString);
    }

    /** Samples of one function over the domain. */
    public static Gen<Sample> of(Expr function, Domain domain) {
        Term t = Term.of(function);
        return of(src -> t, domain);
    }

    /**
     * Samples of structurally smaller functions (see {@link Term#smaller()}) still smooth and well
     * defined at the point.
     */
    public Stream<Sample> smaller() {
        return function.smaller().filter(t -> t.smoothAt(point) && t.definedAt(point))
                .map(t -> new Sample(t, point, direction, otherDirection, cotangent));
    }

    /** The function, and the point and directions of the variables it uses. */
    @Override
    public String toString() {
        java.util.Set<Expr> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        used.addAll(Graph.topologicalOrder(List.of(expr())));
        return "f = " + function + "\n  at " + show(point, used) + "\n  directions " + show(direction, used) + " and "
                + show(otherDirection, used) + (cotangent.shape().isScalar() ? "" : "\n  cotangent " + cotangent);
    }

    static String show(Bindings b) {
        return b.values().map(e -> e._1.name() + " = " + e._2).mkString(", ");
    }

    private static String show(Bindings b, java.util.Set<Expr> used) {
        String s = b.values().filter(e -> used.contains(e._1)).map(e -> e._1.name() + " = " + e._2).mkString(", ");
        return s.isEmpty() ? "(no variables)" : s;
    }
}
