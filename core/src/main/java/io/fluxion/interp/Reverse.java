package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reverse accumulation: cotangents of variables as expressions. Visits the DAG once in reverse
 * topological order, sums the cotangents that reach each node, and shares the primal nodes, so the
 * result can be differentiated again ({@code grad(grad(y, x), x)}).
 */
public final class Reverse {
    private Reverse() {}

    /**
     * The vector-Jacobian products ūᵀ ∂y/∂x for each x, with {@code cotangent} (shaped like y) as ū;
     * {@code none} for a variable y does not depend on.
     */
    public static List<Option<Expr>> vjp(Expr y, Seq<Var> xs, Expr cotangent) {
        if (!cotangent.shape().equals(y.shape())) {
            throw new io.fluxion.tensor.ShapeException("vjp: the cotangent has shape " + cotangent.shape()
                    + " but the output has shape " + y.shape());
        }
        Set<Expr> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        xs.forEach(wanted::add);
        Map<Expr, Expr> cot = accumulate(y, cotangent, wanted::contains);
        return xs.toList().map(x -> Option.of(cot.get(x)));
    }

    /** The adjoint ∂(ūᵀy)/∂node of every node of y that depends on a variable, as expressions. */
    public static Map<Expr, Expr> adjoints(Expr y, Expr cotangent) {
        return accumulate(y, cotangent, e -> e instanceof Var);
    }

    private static Map<Expr, Expr> accumulate(Expr y, Expr cotangent, java.util.function.Predicate<Expr> wanted) {
        ArrayList<Expr> order = Graph.topologicalOrder(List.of(y));
        Set<Expr> live = dependents(order, wanted);
        Map<Expr, Expr> cot = new IdentityHashMap<>();
        if (live.contains(y)) {
            cot.put(y, cotangent);
        }
        for (int n = order.size() - 1; n >= 0; n--) {
            if (order.get(n) instanceof Apply a && cot.containsKey(a)) {
                Expr ct = cot.get(a);
                int i = 0;
                for (Expr arg : a.args()) {
                    if (a.op().differentiable(i) && live.contains(arg)) {
                        Expr c = a.op().vjp(a, i, ct);
                        requireShape(a, i, c, arg);
                        cot.merge(arg, c, Expr::plus);
                    }
                    i++;
                }
            }
        }
        return cot;
    }

    /** The gradients of a scalar y, zeros for variables y does not depend on. */
    public static List<Expr> gradients(Expr y, Seq<Var> xs) {
        Expr one = new Const(Tensor.ones(y.shape()));
        return vjp(y, xs, one).zipWith(xs, (g, x) -> g.getOrElse(() -> new Const(Tensor.zeros(x.shape()))));
    }

    /** Nodes through which some wanted variable influences the output along differentiable edges. */
    static Set<Expr> dependents(ArrayList<Expr> order, java.util.function.Predicate<Expr> wanted) {
        Set<Expr> live = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Expr e : order) {
            if (wanted.test(e)) {
                live.add(e);
            } else if (e instanceof Apply a) {
                int i = 0;
                for (Expr arg : a.args()) {
                    if (a.op().differentiable(i++) && live.contains(arg)) {
                        live.add(e);
                        break;
                    }
                }
            }
        }
        return live;
    }

    static void requireShape(Apply node, int arg, Expr rule, Expr expected) {
        if (!rule.shape().equals(expected.shape())) {
            throw new IllegalStateException("the derivative rule of " + node.op().name() + " for argument " + arg
                    + " gave shape " + rule.shape() + ", expected " + expected.shape());
        }
    }
}
