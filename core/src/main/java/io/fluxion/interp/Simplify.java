package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Algebraic simplification: constant folding, then the identities each primitive declares
 * ({@code x * 1 = x}, {@code x + 0 = x}, {@code x^1 = x}, constants last in sums and first in
 * products, …), repeated until none applies. Values are preserved for finite inputs.
 */
public final class Simplify {
    private static final int MAX_REWRITES = 256;

    private Simplify() {}

    /** e simplified. */
    public static Expr simplify(Expr e) {
        return simplify(List.of(e)).head();
    }

    /** Several expressions simplified together, keeping what they share shared. */
    public static List<Expr> simplify(List<Expr> es) {
        return simplify(es, e -> e);
    }

    /**
     * Simplifies, then passes each simplified node to {@code after} in the same walk (compile uses
     * it for fusions, saving a second pass over a large graph).
     */
    static List<Expr> simplify(List<Expr> es, java.util.function.UnaryOperator<Expr> after) {
        Rebuild[] pass = new Rebuild[1];
        int[] depth = new int[1];
        pass[0] = new Rebuild(e -> after.apply(local(e, pass[0], depth)));
        return pass[0].apply(es);
    }

    private static Expr local(Expr e, Rebuild pass, int[] depth) {
        if (!(e instanceof Apply a)) {
            return e;
        }
        if (a.args().forAll(x -> x instanceof Const)) {
            Tensor v = a.op().apply(a.args().map(x -> ((Const) x).value()));
            return new Const(v);
        }
        Option<Expr> r = a.op().simplify(a);
        if (r.isEmpty() || r.get() == a) {
            return a;
        }
        // A rewrite builds a few new nodes over already simplified arguments: simplify those too.
        if (++depth[0] > MAX_REWRITES) {
            throw new IllegalStateException("simplify: the rules of " + a.op().name() + " rewrite without end");
        }
        try {
            return pass.apply(r.get());
        } finally {
            depth[0]--;
        }
    }
}
