package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.function.Function;

/** The direct interpreter: values of expressions under bindings, each shared node computed once. */
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
                case Var v -> bindings.get(v).get();
                case Apply a -> checked(a, a.op().apply(argValues(a, order.args(i), values, known)));
            };
        }
        return new Values(order, values, known);
    }

    private static List<Tensor> argValues(Apply a, int[] at, Tensor[] values, Function<Expr, Tensor> known) {
        if (at.length == 1) {
            return List.of(at[0] >= 0 ? values[at[0]] : known.apply(a.arg(0)));
        }
        Tensor[] out = new Tensor[at.length];
        List<Expr> args = a.args();
        for (int j = 0; j < at.length; j++, args = args.tail()) {
            out[j] = at[j] >= 0 ? values[at[j]] : known.apply(args.head());
        }
        return List.of(out);
    }

    /** A user's primitive might break its own shape rule; say so here rather than three nodes later. */
    private static Tensor checked(Apply a, Tensor value) {
        if (!value.shape().equals(a.shape())) {
            throw new IllegalStateException("primitive " + a.op().name() + " returned a value of shape "
                    + value.shape() + " where its shape rule gives " + a.shape());
        }
        return value;
    }

    static void requireBound(Iterable<Expr> nodes, Bindings bindings) {
        List<Var> missing = List.empty();
        for (Expr e : nodes) {
            if (e instanceof Var v && bindings.get(v).isEmpty() && !missing.contains(v)) {
                missing = missing.append(v);
            }
        }
        if (!missing.isEmpty()) {
            throw new UnboundVariableException(missing);
        }
    }
}
