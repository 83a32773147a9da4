package io.fluxion.example;

import static io.fluxion.dsl.Dsl.evaluate;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Reverse;
import io.fluxion.interp.Tape;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A recorded tape printed as a Wengert list, one line per node in the order the forward pass
 * computes them, each with its value and its adjoint ∂y/∂v (what the backward pass accumulates):
 *
 * <pre>
 * v0 = input x []    value 3.0   adjoint 4.0
 * v1 = const 2.0     value 2.0
 * v2 = pow v0 v1     value 9.0   adjoint 1.0
 * </pre>
 *
 * The lines read like {@code Program.listing()}, but list the expression as written: {@code
 * compile} would also simplify it and compute equal sub-expressions once.
 */
public final class WengertList {
    private WengertList() {}

    /** The list for a scalar y recorded under the bindings. */
    public static String of(Expr y, Bindings at) {
        Tape tape = Tape.record(y, at);
        ArrayList<Expr> order = Graph.topologicalOrder(List.of(y));
        // The adjoints as expressions, from the same reverse sweep that gradients use; a node
        // without one (a constant) receives no cotangent.
        Map<Expr, Expr> adjoints = Reverse.adjoints(y, new Const(Tensor.ones(y.shape())));
        Map<Expr, Integer> slot = new IdentityHashMap<>();
        ArrayList<String[]> rows = new ArrayList<>();
        for (Expr e : order) {
            slot.put(e, slot.size());
            String code = "v" + slot.get(e) + " = " + switch (e) {
                case Var v -> "input " + v.name() + " " + v.shape();
                case Const c -> "const " + c.value().toCompactString();
                case Apply a -> label(a) + a.args().map(arg -> " v" + slot.get(arg)).mkString();
            };
            String value = tape.valueOf(e).map(Tensor::toCompactString).getOrElse("?");
            Expr adjoint = adjoints.get(e);
            rows.add(new String[] {code, value, adjoint == null ? "" : evaluate(adjoint, at).toCompactString()});
        }
        int codeWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int valueWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            String line = pad(r[0], codeWidth) + "   value " + pad(r[1], valueWidth)
                    + (r[2].isEmpty() ? "" : "   adjoint " + r[2]);
            b.append(line.stripTrailing()).append('\n');
        }
        return b.append("return v").append(slot.get(y)).toString();
    }

    /** As the compiled listing names a primitive: its name, with its parameters if it has any. */
    private static String label(Apply a) {
        String params = a.op().notation() instanceof Notation.Call c ? c.params() : "";
        return params.isEmpty() ? a.op().name() : a.op().name() + "[" + params + "]";
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
