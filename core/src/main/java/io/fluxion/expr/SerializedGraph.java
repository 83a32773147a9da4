package io.fluxion.expr;

import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;

/**
 * The serialized form of an expression graph: its nodes in topological order, each application
 * naming its arguments by position. Java serialization would otherwise recurse once per level of
 * the graph (a deep chain overflows the stack) and copy shared nodes once per path to them.
 */
final class SerializedGraph implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** An application by position: its primitive, its arguments' positions and its shape. */
    private record Node(Primitive op, int[] args, Shape shape) implements Serializable {}

    /** Const, Var or Node, arguments before the nodes that use them; the root last. */
    private final Object[] nodes;

    SerializedGraph(Apply root) {
        ArrayList<Object> out = new ArrayList<>();
        IdentityHashMap<Expr, Integer> index = new IdentityHashMap<>();
        ArrayDeque<Expr> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Expr e = stack.peek();
            if (index.containsKey(e)) {
                stack.pop();
                continue;
            }
            boolean ready = true;
            if (e instanceof Apply a) {
                for (Expr arg : a.args()) {
                    if (!index.containsKey(arg)) {
                        stack.push(arg);
                        ready = false;
                    }
                }
            }
            if (ready) {
                stack.pop();
                index.put(e, out.size());
                out.add(e instanceof Apply a
                        ? new Node(a.op(), a.args().toJavaStream().mapToInt(index::get).toArray(), a.shape())
                        : e);
            }
        }
        this.nodes = out.toArray();
    }

    @Serial
    private Object readResolve() {
        Expr[] built = new Expr[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] instanceof Node n) {
                Expr[] args = new Expr[n.args.length];
                for (int j = 0; j < args.length; j++) {
                    args[j] = built[n.args[j]];
                }
                built[i] = Apply.trusted(n.op, List.of(args), n.shape);
            } else {
                built[i] = (Expr) nodes[i];
            }
        }
        return built[built.length - 1];
    }
}
