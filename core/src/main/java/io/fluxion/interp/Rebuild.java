package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.interp.internal.Graph;
import io.fluxion.interp.internal.IdentityIndex;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.function.UnaryOperator;

/**
 * A bottom-up rewrite of a DAG: every node is rebuilt once from its rewritten arguments and then
 * passed to {@code local}. Iterative and memoised by identity; unchanged nodes are kept, so sharing
 * survives.
 */
final class Rebuild {
    /** Each node met so far, rewritten or not, to its position in {@link #results}. */
    private final IdentityIndex memo = new IdentityIndex();
    private final ArrayList<Expr> results = new ArrayList<>();
    private final UnaryOperator<Expr> local;

    Rebuild(UnaryOperator<Expr> local) {
        this.local = local;
    }

    /**
     * This rewrite with {@code node} already done, as {@code by}: the walk stops at node (its
     * arguments are not visited) and every use of it becomes by.
     */
    Rebuild knowing(Expr node, Expr by) {
        memo.put(node, results.size());
        results.add(by);
        return this;
    }

    Expr apply(Expr root) {
        return apply(List.of(root)).head();
    }

    List<Expr> apply(List<Expr> roots) {
        Graph.Order order = Graph.order(roots, memo::contains);
        Expr[] done = new Expr[order.size()];
        for (int i = 0; i < done.length; i++) {
            Expr e = order.node(i);
            Expr rebuilt = e;
            if (e instanceof Apply a) {
                int[] at = order.args(i);
                Expr[] args = new Expr[at.length];
                boolean same = true;
                List<Expr> rest = a.args();
                for (int j = 0; j < at.length; j++, rest = rest.tail()) {
                    args[j] = at[j] >= 0 ? done[at[j]] : known(rest.head());
                    same &= args[j] == rest.head();
                }
                rebuilt = same ? a : a.withArgs(List.of(args));
            }
            Expr out = local.apply(rebuilt);
            done[i] = out;
            memo.put(e, results.size());
            results.add(out);
            if (!memo.contains(out)) {
                memo.put(out, results.size() - 1);
            }
        }
        return roots.map(this::known);
    }

    private Expr known(Expr e) {
        return results.get(memo.get(e));
    }
}
