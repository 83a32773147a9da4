package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The DAG as Graphviz DOT text ({@code dot -Tpng}), one node per distinct sub-expression. Given a
 * tape, each node also shows its recorded value and its adjoint ∂y/∂node.
 */
public final class Graphviz {
    private Graphviz() {}

    /** The DAG of the outputs. */
    public static String dot(List<Expr> outputs) {
        return dot(outputs, Map.of(), Map.of());
    }

    /** The DAG of a tape's output, with every node's value and adjoint (for a scalar output). */
    public static String dot(Tape tape) {
        Expr y = tape.output();
        ArrayList<Expr> order = Graph.topologicalOrder(List.of(y));
        Map<Expr, Tensor> values = new IdentityHashMap<>();
        for (Expr e : order) {
            tape.valueOf(e).forEach(v -> values.put(e, v));
        }
        Map<Expr, Tensor> adjoints = new IdentityHashMap<>();
        if (y.shape().isScalar()) {
            Map<Expr, Expr> adj = Reverse.adjoints(y, new Const(Tensor.ones(y.shape())));
            List<Expr> nodes = List.ofAll(adj.keySet());
            List<Tensor> vals = tape.evaluate(nodes.map(adj::get));
            nodes.zip(vals).forEach(p -> adjoints.put(p._1, p._2));
        }
        return dot(List.of(y), values, adjoints);
    }

    private static String dot(List<Expr> outputs, Map<Expr, Tensor> values, Map<Expr, Tensor> adjoints) {
        ArrayList<Expr> order = Graph.topologicalOrder(outputs);
        Map<Expr, Integer> id = new IdentityHashMap<>();
        StringBuilder b = new StringBuilder("digraph fluxion {\n  rankdir=BT;\n  node [fontname=\"Helvetica\"];\n");
        for (Expr e : order) {
            int n = id.size();
            id.put(e, n);
            String label = switch (e) {
                case Var v -> v.name() + " " + v.shape();
                case Const c -> c.shape().size() <= 4 ? c.value().toCompactString() : "const " + c.shape();
                case Apply a -> a.op().name();
            };
            label += Option.of(values.get(e)).map(v -> "\\nvalue " + brief(v)).getOrElse("")
                    + Option.of(adjoints.get(e)).map(v -> "\\nadjoint " + brief(v)).getOrElse("");
            String shape = e instanceof Apply ? "ellipse" : (e instanceof Var ? "box" : "plaintext");
            b.append("  n").append(n).append(" [label=\"").append(escape(label)).append("\", shape=").append(shape)
                    .append(outputs.contains(e) ? ", peripheries=2" : "").append("];\n");
            if (e instanceof Apply a) {
                for (Expr arg : a.args()) {
                    b.append("  n").append(id.get(arg)).append(" -> n").append(n).append(";\n");
                }
            }
        }
        return b.append("}\n").toString();
    }

    private static String brief(Tensor t) {
        String s = t.toCompactString();
        return s.length() > 40 ? s.substring(0, 39) + "…" : s;
    }

    private static String escape(String s) {
        return s.replace("\"", "\\\"");
    }
}
