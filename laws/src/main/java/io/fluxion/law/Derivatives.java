package io.fluxion.law;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Forward;
import io.fluxion.interp.Reverse;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Map;

/** The derivative expressions the laws compare, built by the core interpreters. */
final class Derivatives {
    private Derivatives() {}

    /** A direction as tangent expressions. */
    static Map<Var, Expr> tangents(Bindings v) {
        return v.values().mapValues(t -> (Expr) new Const(t));
    }

    /** The JVP of y along v (forward mode). */
    static Expr jvp(Expr y, Bindings v) {
        return Forward.jvp(y, tangents(v));
    }

    /** The gradient of a scalar y (reverse mode), zeros for variables it does not depend on. */
    static List<Expr> gradients(Expr y, List<Var> xs) {
        return Reverse.gradients(y, xs);
    }

    /** Σ_x sum(e_x ⊙ v_x): the pairing of per-variable expressions with a direction. */
    static Expr pair(List<Expr> es, List<Var> xs, Bindings v) {
        return Points.pairing(es, xs.map(x -> v.get(x).get()));
    }

    /** H v by reverse over reverse: the gradient of ⟨∇y, v⟩. */
    static List<Expr> hvpReverseReverse(Expr y, List<Var> xs, Bindings v) {
        return gradients(pair(gradients(y, xs), xs, v), xs);
    }

    /** H v by forward over reverse: the JVP of ∇y along v. */
    static List<Expr> hvpForwardReverse(Expr y, List<Var> xs, Bindings v) {
        return Forward.jvp(gradients(y, xs), tangents(v));
    }

    /** H v by reverse over forward: the gradient of the JVP of y along v. */
    static List<Expr> hvpReverseForward(Expr y, List<Var> xs, Bindings v) {
        return gradients(jvp(y, v), xs);
    }

    /** Σ_x ⟨a_x, b_x⟩ over per-variable tensors. */
    static double dot(List<Tensor> a, List<Tensor> b) {
        return a.zipWith(b, Points::dot).sum().doubleValue();
    }

    /** Σ_x Σ |a_x|·|b_x| over per-variable tensors. */
    static double absDot(List<Tensor> a, List<Tensor> b) {
        return a.zipWith(b, Points::absDot).sum().doubleValue();
    }

    /** The direction's tensors, in the order of the variables. */
    static List<Tensor> values(Bindings v, List<Var> xs) {
        return xs.map(x -> v.get(x).get());
    }

    /** The largest intermediate value in computing the expressions at the point. */
    static double intermediate(List<Expr> es, Bindings at) {
        return Agreement.intermediateScale(es, at);
    }

    /** Σ |elements| of the direction. */
    static double l1(Bindings v) {
        double s = 0;
        for (Tensor t : v.values().values()) {
            for (double d : t.toArray()) {
                s += Math.abs(d);
            }
        }
        return s;
    }

    /** max(1, the largest magnitude of the point's elements): the unit in which x is measured. */
    static double xScale(Bindings at, List<Var> xs) {
        return Math.max(1, Points.maxAbs(at, xs));
    }
}
