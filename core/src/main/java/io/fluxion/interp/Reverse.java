package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.interp.internal.IdentityIndex;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Option;
import java.util.IdentityHashMap;
import java.util.Map;

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
        return vjp(Graph.order(List.of(y), e -> false), xs, cotangent);
    }

    /** As {@link #vjp(Expr, Seq, Expr)} over a walk of y already made (a tape's), y last. */
    static List<Option<Expr>> vjp(Graph.Order order, Seq<Var> xs, Expr cotangent) {
        Shape y = order.node(order.size() - 1).shape();
        if (!cotangent.shape().equals(y)) {
            throw new io.fluxion.tensor.ShapeException("vjp: the cotangent has shape " + cotangent.shape()
                    + " but the output has shape " + y);
        }
        IdentityIndex wanted = new IdentityIndex();
        xs.forEach(x -> wanted.put(x, 0));
        Expr[] cot = accumulate(order, cotangent, wanted::contains);
        return xs.toList().map(x -> {
            int i = order.indexOf(x);
            return i < 0 ? Option.<Expr>none() : Option.of(cot[i]);
        });
    }

    /** As {@link #vjp(Expr, Seq, Expr)}, with zeros for the variables y does not depend on. */
    public static List<Expr> vjpOrZeros(Expr y, Seq<Var> xs, Expr cotangent) {
        return vjpOrZeros(Graph.order(List.of(y), e -> false), xs, cotangent);
    }

    /** As {@link #vjpOrZeros(Expr, Seq, Expr)} over a walk of y already made (a tape's), y last. */
    static List<Expr> vjpOrZeros(Graph.Order order, Seq<Var> xs, Expr cotangent) {
        return vjp(order, xs, cotangent).zipWith(xs, (g, x) -> g.getOrElse(() -> new Const(Tensor.zeros(x.shape()))));
    }

    /** The gradients of a scalar y, zeros for variables y does not depend on. */
    public static List<Expr> gradients(Expr y, Seq<Var> xs) {
        return gradients(Graph.order(List.of(y), e -> false), xs);
    }

    /** As {@link #gradients(Expr, Seq)} over a walk of y already made (a tape's), y last. */
    static List<Expr> gradients(Graph.Order order, Seq<Var> xs) {
        return vjpOrZeros(order, xs, new Const(Tensor.ones(order.node(order.size() - 1).shape())));
    }

    /** The adjoint ∂(ūᵀy)/∂node of every node of y that depends on a variable, as expressions. */
    public static Map<Expr, Expr> adjoints(Expr y, Expr cotangent) {
        Graph.Order order = Graph.order(List.of(y), e -> false);
        Expr[] cot = accumulate(order, cotangent, e -> e instanceof Var);
        Map<Expr, Expr> out = new IdentityHashMap<>();
        for (int i = 0; i < cot.length; i++) {
            if (cot[i] != null) {
                out.put(order.node(i), cot[i]);
            }
        }
        return out;
    }

    /** Cotangents by position in the order (null where none flows), the output last in the order. */
    private static Expr[] accumulate(Graph.Order order, Expr cotangent, java.util.function.Predicate<Expr> wanted) {
        int n = order.size();
        boolean[] live = new boolean[n];
        for (int i = 0; i < n; i++) {
            Expr e = order.node(i);
            if (wanted.test(e)) {
                live[i] = true;
            } else if (e instanceof Apply a) {
                int[] args = order.args(i);
                for (int j = 0; j < args.length && !live[i]; j++) {
                    live[i] = a.op().differentiable(j) && live[args[j]];
                }
            }
        }
        Expr[] cot = new Expr[n];
        if (live[n - 1]) {
            cot[n - 1] = cotangent;
        }
        for (int i = n - 1; i >= 0; i--) {
            if (cot[i] != null && order.node(i) instanceof Apply a) {
                int[] args = order.args(i);
                int[] flowing = new int[args.length];
                int count = 0;
                for (int j = 0; j < args.length; j++) {
                    if (a.op().differentiable(j) && live[args[j]]) {
                        flowing[count++] = j;
                    }
                }
                List<Expr> cs = a.op().vjps(a, java.util.Arrays.copyOf(flowing, count), cot[i]);
                for (int k = 0; k < count; k++, cs = cs.tail()) {
                    int j = flowing[k];
                    Expr c = cs.head();
                    requireShape(a, j, c, a.arg(j));
                    cot[args[j]] = cot[args[j]] == null ? c : cot[args[j]].plus(c);
                }
            }
        }
        return cot;
    }

    static void requireShape(Apply node, int arg, Expr rule, Expr expected) {
        if (!rule.shape().equals(expected.shape())) {
            throw new IllegalStateException("the derivative rule of " + node.op().name() + " for argument " + arg
                    + " gave shape " + rule.shape() + ", expected " + expected.shape());
        }
    }
}
