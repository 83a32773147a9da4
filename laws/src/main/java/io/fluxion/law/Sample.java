package io.fluxion.law;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import io.vavr.control.Option;
import org.quicktheories.core.Gen;

/**
 * One input of the gradient laws: a function, a point of the domain where it is smooth, two
 * directions in the input space, a cotangent in the output space, and a second point of the domain
 * (where the interpreter law runs a compiled program again). Prints the function with {@code show}.
 *
 * @param function the function (an expression with its guards)
 * @param point a value for every variable
 * @param direction a tangent for every variable
 * @param otherDirection a second tangent for every variable
 * @param cotangent a cotangent of the function's output shape
 * @param otherPoint a second value for every variable
 * @param domain the domain the points were drawn from, which no check may leave
 */
public record Sample(Term function, Bindings point, Bindings direction, Bindings otherDirection, Tensor cotangent,
        Bindings otherPoint, Domain domain) {

    /** The function's expression. */
    public Expr expr() {
        return function.expr();
    }

    /** The variables of the point, in order. */
    public List<Var> variables() {
        return point.values().keySet().toList();
    }

    /**
     * This sample with the scalar ⟨u, f⟩ in place of a non-scalar f, u being its cotangent: the
     * function whose gradient is the VJP with u, on which the laws about gradients, Hessians and
     * the rules of calculus are stated. A scalar f is kept as it is.
     */
    public Sample scalar() {
        if (expr().shape().isScalar()) {
            return this;
        }
        Term paired = new Term(expr().times(new Const(cotangent)).sum(), function.guards());
        return new Sample(paired, point, direction, otherDirection, Tensor.scalar(1), otherPoint, domain);
    }

    /** The options with finite differences kept inside this sample's domain. */
    CheckOptions inside(CheckOptions options) {
        return options.withDomain(domain);
    }

    /** Whether the function is not finite (or cannot be evaluated) at the point, saying where. */
    public Option<String> valueProblem() {
        return GradCheck.valueProblem(expr(), point, variables());
    }

    /**
     * Samples of the generated functions over the domain, at points where each is smooth (where
     * every guard holds).
     */
    public static Gen<Sample> of(Gen<Term> functions, Domain domain) {
        // Each role shrinks towards its own stretch of the generic sequence (see Draws.tensor).
        Gen<Bindings> points = domain.points(0);
        Gen<Bindings> directions = domain.directions(1000);
        Gen<Bindings> otherDirections = domain.directions(2000);
        Gen<Bindings> otherPoints = domain.points(3000);
        Gen<Sample> gen = src -> {
            Term f = functions.generate(src);
            Bindings at = points.generate(src);
            Bindings u = directions.generate(src);
            Bindings v = otherDirections.generate(src);
            Tensor w = Draws.tensor(src, f.expr().shape(), -1, 1, 4000);
            Bindings elsewhere = otherPoints.generate(src);
            return new Sample(f, at, u, v, w, elsewhere, domain);
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
                .map(t -> new Sample(t, point, direction, otherDirection, cotangent, otherPoint, domain));
    }

    /** The function, and the point, directions and cotangent of the variables it uses. */
    @Override
    public String toString() {
        java.util.Set<Expr> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        used.addAll(Graph.topologicalOrder(List.of(expr())));
        return "f = " + function + "\n  at " + show(point, used) + "\n  directions " + show(direction, used) + " and "
                + show(otherDirection, used)
                + (cotangent.shape().isScalar() ? "" : "\n  cotangent " + cotangent.toCompactString());
    }

    /** This sample with its other point, for the laws that use it. */
    String withOtherPoint() {
        java.util.Set<Expr> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        used.addAll(Graph.topologicalOrder(List.of(expr())));
        return this + "\n  other point " + show(otherPoint, used);
    }

    static String show(Bindings b) {
        return b.values().map(e -> e._1.name() + " = " + e._2.toCompactString()).mkString(", ");
    }

    private static String show(Bindings b, java.util.Set<Expr> used) {
        String s = b.values().filter(e -> used.contains(e._1))
                .map(e -> e._1.name() + " = " + e._2.toCompactString()).mkString(", ");
        return s.isEmpty() ? "(no variables)" : s;
    }
}
