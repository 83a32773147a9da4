package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Promotion;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.function.Function;

/**
 * The direct interpreter: values of expressions under bindings, each shared node computed once,
 * each in the dtype its arguments promote to ({@link Promotion}).
 */
public final class Evaluate {
    private Evaluate() {}

    /** The value of e. */
    public static Tensor evaluate(Expr e, Bindings bindings) {
        return evaluate(List.of(e), bindings).head();
    }

    /** The values of several expressions, sharing the work on common nodes. */
    public static List<Tensor> evaluate(List<? extends Expr> roots, Bindings bindings) {
        return run(roots, bindings, e -> null).valuesOf(roots);
    }

    /** The nodes of a walk and their values. */
    static final class Values {
        final Graph.Order order;
        final Tensor[] values;
        final Function<Expr, Tensor> known;

        Values(Graph.Order order, Tensor[] values, Function<Expr, Tensor> known) {
            this.order = order;
            this.values = values;
            this.known = known;
        }

        /** The value of e if the walk or the known values hold it, else null. */
        Tensor get(Expr e) {
            int i = order.indexOf(e);
            return i >= 0 ? values[i] : known.apply(e);
        }

        List<Tensor> valuesOf(List<? extends Expr> es) {
            return List.ofAll(es).map(this::get);
        }
    }

    /**
     * Computes every node below the roots whose value {@code known} does not give (it answers
     * null for those). All missing variables are reported together before anything runs.
     */
    static Values run(List<? extends Expr> roots, Bindings bindings, Function<Expr, Tensor> known) {
        Graph.Order order = Graph.order(roots, e -> known.apply(e) != null);
        requireBound(order.nodes, bindings);
        Tensor[] values = new Tensor[order.size()];
        for (int i = 0; i < values.length; i++) {
            Expr e = order.node(i);
            values[i] = switch (e) {
                case Const c -> c.value();
                case Var v -> bindings.getOrNull(v);
                case Apply a -> apply(a, order.args(i), values, known);
            };
        }
        return new Values(order, values, known);
    }

    /**
     * The value of a, computed into a fresh buffer of the shape the node already knows (which
     * nothing writes again): no argument list mapped to shapes, no shape rule run again. Its dtype
     * is the one its arguments promote to ({@link Promotion}).
     */
    private static Tensor apply(Apply a, int[] at, Tensor[] values, Function<Expr, Tensor> known) {
        Tensor[] args = new Tensor[at.length];
        List<Expr> rest = a.args();
        for (int j = 0; j < at.length; j++, rest = rest.tail()) {
            args[j] = at[j] >= 0 ? values[at[j]] : known.apply(rest.head());
        }
        return Promotion.value(a, args);
    }

    static void requireBound(Iterable<Expr> nodes, Bindings bindings) {
        List<Var> missing = List.empty();
        for (Expr e : nodes) {
            if (e instanceof Var v && bindings.getOrNull(v) == null && !missing.contains(v)) {
                missing = missing.append(v);
            }
        }
        if (!missing.isEmpty()) {
            throw new UnboundVariableException(missing, bindings);
        }
    }
}
