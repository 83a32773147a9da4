package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/** The direct interpreter: values of expressions under bindings, each shared node computed once. */
public final class Evaluate {
    private Evaluate() {}

    /** The value of e. */
    public static Tensor evaluate(Expr e, Bindings bindings) {
        return evaluate(List.of(e), bindings).head();
    }

    /** The values of several expressions, sharing the work on common nodes. */
    public static List<Tensor> evaluate(List<? extends Expr> roots, Bindings bindings) {
        Map<Expr, Tensor> values = new IdentityHashMap<>();
        run(roots, bindings, values);
        return List.ofAll(roots).map(values::get);
    }

    /**
     * Computes every node below the roots that {@code values} does not hold yet, adding it there.
     * All missing variables are reported together before anything runs.
     */
    static void run(List<? extends Expr> roots, Bindings bindings, Map<Expr, Tensor> values) {
        ArrayList<Expr> order = Graph.topologicalOrder(roots, values::containsKey);
        requireBound(order, bindings);
        for (Expr e : order) {
            values.put(e, switch (e) {
                case Const c -> c.value();
                case Var v -> bindings.get(v).get();
                case Apply a -> checked(a, a.op().apply(a.args().map(values::get)));
            });
        }
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
            if (e instanceof Var v && bindings.get(v).isEmpty()) {
                missing = missing.append(v);
            }
        }
        if (!missing.isEmpty()) {
            throw new UnboundVariableException(missing);
        }
    }
}
