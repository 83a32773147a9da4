package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.interp.internal.IdentityIndex;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;

/**
 * vmap's rule for a {@link Scan}, as JAX's: one loop over the whole batch, its body batched by
 * {@link Vmap}. A mapped sequence, (batch, steps, ...), is scanned as (steps, batch, ...), so each
 * step gives the body a stack of the examples' elements. A carry is mapped if its initial value
 * is, or if the body makes it depend on a mapped value (found by iterating to a fixed point, since
 * a carry made mapped can make another one so); a shared initial value of a mapped carry is
 * broadcast along the batch. A carry the batch never reaches stays shared: one value for every
 * example, not a copy per example. Captured values stay mapped or shared as given. The loop's
 * stacked outputs and kept carries, (steps, batch, ...), are read back per example, (batch, steps,
 * ...) in the scan's own layout, by one gather (a table of positions as large as the result).
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
     * The batched loop's value in the layout of {@code s}'s, per example, as one gather: each kept
     * carry and each stacked output is (rows, batch, size) in the loop where it is mapped, and one
     * (rows, size) for every example where it is not; example e's element at position p of s's
     * layout is read from where the loop keeps it.
     */
    private static Expr unpack(Scan s, Expr packed, boolean[] mapped, List<Vmap.Batched> ys, int n) {
        int a = s.carryCount();
        int total = 0;
        for (int part = 0; part < a + ys.size(); part++) {
            total += rows(s, part) * size(s, part);
        }
        double[] at = new double[n * total];
        int base = 0;
        int from = 0;
        for (int part = 0; part < a + ys.size(); part++) {
            int rows = rows(s, part);
            int size = size(s, part);
            boolean m = part < a ? mapped[part] : ys.get(part - a).mapped();
            for (int e = 0; e < n; e++) {
                for (int r = 0; r < rows; r++) {
                    for (int k = 0; k < size; k++) {
                        at[e * total + base + r * size + k] = from + (m ? (r * n + e) * size : r * size) + k;
                    }
                }
            }
            base += rows * size;
            from += rows * size * (m ? n : 1);
        }
        return packed.take(new Const(Tensor.of(Shape.matrix(n, total), at)), 0);
    }

    /** How many rows part p of s's value has: a kept carry's steps and final value, one final carry, or an output's steps. */
    private static int rows(Scan s, int p) {
        return p >= s.carryCount() ? s.length() : s.saved().get(p) ? s.length() + 1 : 1;
    }

    /** The size of one row of part p: a carry's or an output's. */
    private static int size(Scan s, int p) {
        int a = s.carryCount();
        return (p < a ? s.carries().get(p).shape() : s.yOuts().get(p - a).shape()).size();
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
