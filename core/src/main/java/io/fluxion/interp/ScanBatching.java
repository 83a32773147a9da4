package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.op.Structure;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;

/**
 * vmap's rule for a {@link Scan}, as JAX's: one loop over the whole batch, its body batched by
 * {@link Vmap}. A mapped sequence, (batch, steps, ...), is scanned as (steps, batch, ...), so each
 * step gives the body a stack of the examples' elements. A carry is mapped if its initial value
 * is, or if the body makes it depend on a mapped value (found by iterating to a fixed point, since
 * a carry made mapped can make another one so); a shared initial value of a mapped carry is
 * broadcast along the batch. A carry the batch never reaches stays shared: one value for every
 * example, not a copy per example. Captured values stay mapped or shared as given.
 */
final class ScanBatching {
    private ScanBatching() {}

    /** The scan node for every example, stacked along a leading axis: shape (batch, node's length). */
    static Expr batch(Scan s, Apply node, Batch b) {
        int a = s.carryCount();
        int nx = s.xs().size();
        int n = b.size();
        List<Expr> outs = s.carryOuts().appendAll(s.yOuts());
        List<Var> vars = s.carries().appendAll(s.xs()).appendAll(s.consts());
        boolean[] mapped = new boolean[vars.size()];
        for (int i = 0; i < mapped.length; i++) {
            mapped[i] = b.mapped(i);
        }
        Graph.Order order = Graph.order(outs, e -> false);
        for (boolean changed = true; changed; ) {
            boolean[] reached = reached(order, vars, mapped);
            changed = false;
            for (int i = 0; i < a; i++) {
                if (!mapped[i] && reached[order.indexOf(s.carryOuts().get(i))]) {
                    mapped[i] = true;
                    changed = true;
                }
            }
        }
        IdentityIndex index = new IdentityIndex();
        Var[] loopVars = new Var[vars.size()];
        java.util.ArrayList<Expr> leading = new java.util.ArrayList<>();
        for (int i = 0; i < loopVars.length; i++) {
            Var v = vars.get(i);
            loopVars[i] = v;
            if (mapped[i]) {
                loopVars[i] = Var.of(v.name(), Shape.vector(n).concat(v.shape()));
                index.put(v, leading.size());
                leading.add(loopVars[i]);
            }
        }
        List<Vmap.Batched> body = index.size() == 0 ? outs.map(o -> new Vmap.Batched(o, false))
                : Vmap.batchAll(outs, index, leading.toArray(Expr[]::new), n);
        List<Expr> carryOuts = List.empty();
        for (int i = 0; i < a; i++) {
            Vmap.Batched c = body.get(i);
            if (c.mapped() && !mapped[i]) {
                throw new IllegalStateException("scan: carry " + i + " became mapped after the fixed point");
            }
            carryOuts = carryOuts.append(mapped[i] && !c.mapped() ? broadcast(c.expr(), n) : c.expr());
        }
        List<Vmap.Batched> ys = body.drop(a);
        Expr[] args = new Expr[vars.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = i < a && mapped[i] ? b.stacked(i)
                    : i >= a && i < a + nx && mapped[i] ? b.arg(i).transpose(swapFirstTwo(b.arg(i).shape().rank()))
                    : b.arg(i);
        }
        List<Var> all = List.of(loopVars);
        Scan loop = new Scan(all.take(a), all.drop(a).take(nx), all.drop(a + nx), carryOuts, ys.map(Vmap.Batched::expr),
                s.length(), s.reverse(), s.saved());
        return unpack(s, Apply.of(loop, args), mapped, ys, n);
    }

    /** For each node of the body, whether it depends on a mapped variable. */
    private static boolean[] reached(Graph.Order order, List<Var> vars, boolean[] mapped) {
        IdentityIndex sources = new IdentityIndex();
        for (int i = 0; i < mapped.length; i++) {
            if (mapped[i]) {
                sources.put(vars.get(i), i);
            }
        }
        boolean[] reached = new boolean[order.size()];
        for (int k = 0; k < reached.length; k++) {
            Expr e = order.node(k);
            reached[k] = e instanceof Var && sources.contains(e);
            if (e instanceof Apply) {
                for (int at : order.args(k)) {
                    reached[k] |= reached[at];
                }
            }
        }
        return reached;
    }

    /**
     * The batched loop's value in the layout of {@code s}'s, per example: each kept carry and
     * each stacked output, (rows, batch, ...) in the loop, becomes (batch, rows·size), and a part
     * no example changes is broadcast; the parts are joined along the per-example axis.
     */
    private static Expr unpack(Scan s, Expr packed, boolean[] mapped, List<Vmap.Batched> ys, int n) {
        List<Expr> parts = List.empty();
        int from = 0;
        for (int i = 0; i < s.carryCount(); i++) {
            int rows = s.saved().get(i) ? s.length() + 1 : 1;
            int size = s.carries().get(i).shape().size();
            parts = parts.append(part(packed, from, rows, size, mapped[i], n));
            from += rows * size * (mapped[i] ? n : 1);
        }
        for (int j = 0; j < ys.size(); j++) {
            int size = s.yOuts().get(j).shape().size();
            boolean m = ys.get(j).mapped();
            parts = parts.append(part(packed, from, s.length(), size, m, n));
            from += s.length() * size * (m ? n : 1);
        }
        return parts.size() == 1 ? parts.head() : Structure.concat(1, parts);
    }

    /** rows values of this size from {@code from}: (rows, batch, size) moved to (batch, rows·size), or broadcast. */
    private static Expr part(Expr packed, int from, int rows, int size, boolean mapped, int n) {
        if (!mapped) {
            return broadcast(packed.slice(0, from, from + rows * size), n);
        }
        return packed.slice(0, from, from + rows * n * size).reshape(rows, n, size).transpose(1, 0, 2)
                .reshape(n, rows * size);
    }

    private static Expr broadcast(Expr x, int n) {
        return x.reshape(x.shape().expand(0)).broadcastTo(Shape.vector(n).concat(x.shape()));
    }

    /** The permutation swapping axes 0 and 1 of a rank-r array. */
    private static int[] swapFirstTwo(int r) {
        int[] p = new int[r];
        for (int i = 0; i < r; i++) {
            p[i] = i;
        }
        p[0] = 1;
        p[1] = 0;
        return p;
    }
}
