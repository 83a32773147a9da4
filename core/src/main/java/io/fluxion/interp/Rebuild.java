package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.vavr.collection.List;
import java.util.IdentityHashMap;
import java.util.function.UnaryOperator;

/**
 * A bottom-up rewrite of a DAG: every node is rebuilt once from its rewritten arguments and then
 * passed to {@code local}. Iterative and memoised by identity; unchanged nodes are kept, so sharing
 * survives.
 */
final class Rebuild {
    private final IdentityHashMap<Expr, Expr> memo = new IdentityHashMap<>();
    private final UnaryOperator<Expr> local;

    Rebuild(UnaryOperator<Expr> local) {
        this.local = local;
    }

    Expr apply(Expr root) {
        return apply(List.of(root)).head();
    }

    List<Expr> apply(List<Expr> roots) {
        for (Expr e : Graph.topologicalOrder(roots, memo::containsKey)) {
            Expr rebuilt = e;
            if (e instanceof Apply a) {
                List<Expr> args = a.args().map(memo::get);
                boolean same = true;
                for (var p : args.zip(a.args())) {
                    same &= p._1 == p._2;
                }
                rebuilt = same ? a : new Apply(a.op(), args, a.shape());
            }
            Expr out = local.apply(rebuilt);
            memo.put(e, out);
            memo.putIfAbsent(out, out);
        }
        return roots.map(memo::get);
    }
}
