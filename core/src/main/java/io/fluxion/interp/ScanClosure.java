package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.interp.internal.IdentityIndex;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.function.UnaryOperator;

/**
 * Closure conversion of a scan's body: what the body reads from outside the loop (a parameter,
 * an expression of parameters such as {@code w.transpose()}) becomes an argument of the loop,
 * bound inside to a variable, so that it is computed once, before the loop, and derivatives reach
 * it through the loop's node like through any other.
 */
final class ScanClosure {
    private ScanClosure() {}

    /**
     * The scan node over these carries and sequences: every node of the body that does not depend
     * on a carry or a sequence element, and that a node which does depends on (or that the body
     * returns), is captured; an outside variable is bound to itself, any other node to a fresh
     * variable. Constants stay in the body.
     */
    static Apply build(List<Var> carries, List<Expr> inits, List<Var> xs, List<Expr> sequences, List<Expr> carryOuts,
            List<Expr> yOuts, int length, boolean reverse) {
        List<Expr> outs = carryOuts.appendAll(yOuts);
        Graph.Order order = Graph.order(outs, e -> false);
        int n = order.size();
        boolean[] inLoop = new boolean[n];
        IdentityIndex captured = new IdentityIndex();
        ArrayList<Expr> capturedNodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Expr e = order.node(i);
            if (e instanceof Var v) {
                inLoop[i] = carries.contains(v) || xs.contains(v);
            } else if (e instanceof Apply) {
                for (int at : order.args(i)) {
                    inLoop[i] |= inLoop[at];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (inLoop[i] && order.node(i) instanceof Apply) {
                for (int at : order.args(i)) {
                    capture(order.node(at), inLoop[at], captured, capturedNodes);
                }
            }
        }
        for (Expr out : outs) {
            capture(out, inLoop[order.indexOf(out)], captured, capturedNodes);
        }
        List<Var> consts = List.empty();
        boolean rebuild = false;
        Var[] bound = new Var[capturedNodes.size()];
        for (int k = 0; k < bound.length; k++) {
            Expr e = capturedNodes.get(k);
            bound[k] = e instanceof Var v ? v : Var.of("captured", e.shape());
            rebuild |= !(e instanceof Var);
        }
        List<Expr> body = rebuild ? rebuild(outs, order, captured, bound) : outs;
        Scan scan = new Scan(carries, xs, List.of(bound), body.take(carries.size()), body.drop(carries.size()), length,
                reverse, carries.map(c -> true));
        return Apply.of(scan, inits.appendAll(sequences).appendAll(capturedNodes));
    }

    private static void capture(Expr e, boolean inLoop, IdentityIndex captured, ArrayList<Expr> nodes) {
        if (!inLoop && !(e instanceof Const) && !captured.contains(e)) {
            // A body built by calling a helper per use makes equal nodes over the same arguments
            // (theta.slice(0, 0, 1) in each call): they are one captured value, not one each.
            for (int k = 0; k < nodes.size(); k++) {
                if (e instanceof Apply a && nodes.get(k) instanceof Apply b && a.op().equals(b.op())
                        && a.args().equals(b.args())) {
                    captured.put(e, k);
                    return;
                }
            }
            captured.put(e, nodes.size());
            nodes.add(e);
        }
    }

    /**
     * The body with each captured node replaced by its variable: a {@link Rebuild} that knows them
     * beforehand, so it stops at them instead of walking into what they capture.
     */
    private static List<Expr> rebuild(List<Expr> outs, Graph.Order order, IdentityIndex captured, Var[] bound) {
        Rebuild r = new Rebuild(UnaryOperator.identity());
        for (int i = 0; i < order.size(); i++) {
            Expr e = order.node(i);
            if (captured.contains(e)) {
                r.knowing(e, bound[captured.get(e)]);
            }
        }
        return r.apply(outs);
    }
}
