package io.fluxion.interp.internal;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.function.Predicate;

/** Walks of expression DAGs: iterative (no recursion over depth) and by node identity. */
public final class Graph {
    private Graph() {}

    /**
     * A topological order with each node's position and its arguments' positions, so that
     * interpreters keep per-node state in arrays: one identity map per walk, not one per table.
     */
    public static final class Order {
        /** The nodes, arguments before the nodes that use them. */
        public final ArrayList<Expr> nodes = new ArrayList<>();
        /** For the node at position i, the positions of its arguments; -1 for a node outside the walk. */
        final ArrayList<int[]> args = new ArrayList<>();
        /** The position of each node of the walk. */
        final IdentityIndex index = new IdentityIndex();

        public int size() {
            return nodes.size();
        }

        public Expr node(int i) {
            return nodes.get(i);
        }

        public int[] args(int i) {
            return args.get(i);
        }

        /** The position of e, or -1 if the walk did not list it. */
        public int indexOf(Expr e) {
            return index.get(e);
        }
    }

    /** Every node reachable from the roots, each once, arguments before the nodes that use them. */
    public static ArrayList<Expr> topologicalOrder(List<? extends Expr> roots) {
        return order(roots, e -> false).nodes;
    }

    private static final int[] NO_ARGS = new int[0];

    /** The walk from the roots; nodes for which {@code outside} holds are neither listed nor descended into. */
    public static Order order(List<? extends Expr> roots, Predicate<Expr> outside) {
        Order o = new Order();
        // The stack as parallel arrays (node, its remaining arguments, the next argument's number,
        // the positions found so far): no object per node beyond the positions it keeps. They
        // start small, since an eager step walks a graph of a dozen nodes twice, and grow.
        Expr[] nodes = new Expr[8];
        Object[] rests = new Object[8];
        int[] next = new int[8];
        int[][] found = new int[8][];
        for (Expr root : roots) {
            if (outside.test(root) || o.index.contains(root)) {
                continue;
            }
            int top = 0;
            nodes[0] = root;
            rests[0] = root instanceof Apply a ? a.args() : List.empty();
            next[0] = 0;
            found[0] = root instanceof Apply a ? new int[a.args().size()] : NO_ARGS;
            while (top >= 0) {
                @SuppressWarnings("unchecked")
                List<Expr> rest = (List<Expr>) rests[top];
                if (rest.isEmpty()) {
                    int at = o.nodes.size();
                    o.nodes.add(nodes[top]);
                    o.args.add(found[top]);
                    o.index.put(nodes[top], at);
                    nodes[top] = null;
                    rests[top] = null;
                    found[top] = null;
                    top--;
                    if (top >= 0) {
                        found[top][next[top] - 1] = at;
                    }
                    continue;
                }
                Expr arg = rest.head();
                rests[top] = rest.tail();
                int j = next[top]++;
                if (outside.test(arg)) {
                    found[top][j] = -1;
                    continue;
                }
                // In a DAG an argument is never on the stack, so a known one is finished.
                int done = o.index.get(arg);
                if (done >= 0) {
                    found[top][j] = done;
                    continue;
                }
                if (++top == nodes.length) {
                    int grown = 2 * nodes.length;
                    nodes = java.util.Arrays.copyOf(nodes, grown);
                    rests = java.util.Arrays.copyOf(rests, grown);
                    next = java.util.Arrays.copyOf(next, grown);
                    found = java.util.Arrays.copyOf(found, grown);
                }
                nodes[top] = arg;
                rests[top] = arg instanceof Apply a ? a.args() : List.empty();
                next[top] = 0;
                found[top] = arg instanceof Apply a ? new int[a.args().size()] : NO_ARGS;
            }
        }
        return o;
    }
}
