package io.fluxion.law;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.interp.internal.Graph;
import io.vavr.collection.List;
import java.util.IdentityHashMap;

/** Replaces one node of a DAG (by identity) with another expression of the same shape, iteratively. */
final class Replace {
    private Replace() {}

    /** {@code root} with {@code target} replaced by {@code by} wherever it occurs; unchanged nodes are kept. */
    static Expr replace(Expr root, Expr target, Expr by) {
        IdentityHashMap<Expr, Expr> memo = new IdentityHashMap<>();
        for (Expr e : Graph.topologicalOrder(List.of(root))) {
            Expr out = e;
            if (e == target) {
                out = by;
            } else if (e instanceof Apply a) {
                List<Expr> args = a.args().map(memo::get);
                boolean same = true;
                for (var p : args.zip(a.args())) {
                    same &= p._1 == p._2;
                }
                out = same ? a : a.withArgs(args);
            }
            memo.put(e, out);
        }
        return memo.get(root);
    }
}
