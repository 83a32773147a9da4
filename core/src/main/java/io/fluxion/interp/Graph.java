package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.vavr.collection.List;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.function.Predicate;

/** Walks of expression DAGs: iterative (no recursion over depth) and by node identity. */
public final class Graph {
    private Graph() {}

    /**
     * A topological order with each node's position and its arguments' positions, so that
     * interpreters keep per-node state in arrays: one identity map per walk, not one per table.
     */
    static final class Order {
        /** The nodes, arguments before the nodes that use them. */
        final ArrayList<Expr> nodes = new ArrayList<>();
        /** For the node at position i, the positions of its arguments; -1 for a node outside the walk. */
        final ArrayList<int[]> args = new ArrayList<>();
        /** The position of each node of the walk. */
        final IdentityHashMap<Expr, Integer> index = new IdentityHashMap<>();

        int size() {
            return nodes.size();
        }

        Expr node(int i) {
            return nodes.get(i);
        }

        int[] args(int i) {
            return args.get(i);
        }

        /** The position of e, or -1 if the walk did not list it. */
        int indexOf(Expr e) {
            Integer i = index.get(e);
            return i == null ? -1 : i;
        }
    }

    /** Every node reachable from the roots, each once, arguments before the nodes that use them. */
    public static ArrayList<Expr> topologicalOrder(List<? extends Expr> roots) {
        return order(roots, e -> false).nodes;
    }

    /** The walk from the roots; nodes for which {@code outside} holds are neither listed nor descended into. */
    static Order order(List<? extends Expr> roots, Predicate<Expr> outside) {
        Order o = new Order();
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        for (Expr root : roots) {
            if (outside.test(root) || o.index.containsKey(root)) {
                continue;
            }
            stack.push(new Frame(root));
            while (!stack.isEmpty()) {
                Frame f = stack.peek();
                if (f.rest.isEmpty()) {
                    stack.pop();
                    int at = o.nodes.size();
                    o.nodes.add(f.node);
                    o.args.add(f.argIndex);
                    o.index.put(f.node, at);
                    if (!stack.isEmpty()) {
                        Frame parent = stack.peek();
                        parent.argIndex[parent.next - 1] = at;
                    }
                    continue;
                }
                Expr arg = f.rest.head();
                f.rest = f.rest.tail();
                int j = f.next++;
                if (outside.test(arg)) {
                    f.argIndex[j] = -1;
                } else {
                    // In a DAG an argument is never on the stack, so a known one is finished.
                    Integer done = o.index.get(arg);
                    if (done != null) {
                        f.argIndex[j] = done;
                    } else {
                        stack.push(new Frame(arg));
                    }
                }
            }
        }
        return o;
    }

    private static final class Frame {
        final Expr node;
        final int[] argIndex;
        List<Expr> rest;
        int next;

        Frame(Expr node) {
            this.node = node;
            this.rest = node instanceof Apply a ? a.args() : List.empty();
            this.argIndex = new int[rest.size()];
        }
    }
}
