package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.vavr.collection.List;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

/** Walks of expression DAGs: iterative (no recursion over depth) and by node identity. */
public final class Graph {
    private Graph() {}

    /** Every node reachable from the roots, each once, arguments before the nodes that use them. */
    public static ArrayList<Expr> topologicalOrder(List<? extends Expr> roots) {
        return topologicalOrder(roots, e -> false);
    }

    /**
     * As {@link #topologicalOrder(List)}, but nodes for which {@code known} holds are neither
     * listed nor descended into.
     */
    public static ArrayList<Expr> topologicalOrder(List<? extends Expr> roots, Predicate<Expr> known) {
        ArrayList<Expr> order = new ArrayList<>();
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        // Each frame is a node and how many of its arguments have been pushed.
        ArrayDeque<Expr> nodes = new ArrayDeque<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        for (Expr root : roots) {
            if (known.test(root) || !seen.add(root)) {
                continue;
            }
            nodes.push(root);
            next.push(new int[1]);
            while (!nodes.isEmpty()) {
                Expr e = nodes.peek();
                int[] i = next.peek();
                if (e instanceof Apply a && i[0] < a.args().size()) {
                    Expr arg = argAt(a, i);
                    if (!known.test(arg) && seen.add(arg)) {
                        nodes.push(arg);
                        next.push(new int[1]);
                    }
                } else {
                    nodes.pop();
                    next.pop();
                    order.add(e);
                }
            }
        }
        return order;
    }

    // Vavr's List.get is linear, so walk the argument list once per frame instead.
    private static Expr argAt(Apply a, int[] i) {
        return a.args().get(i[0]++);
    }
}
