package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import java.util.ArrayList;
import java.util.IdentityHashMap;

/**
 * Forward accumulation (JVP): the tangent of an expression, as an expression, given tangents of
 * its variables. Variables without a tangent are held fixed.
 */
public final class Forward {
    private Forward() {}

    /** The tangent of y, zeros if no variable with a tangent reaches it. */
    public static Expr jvp(Expr y, Map<Var, Expr> tangents) {
        return jvp(List.of(y), tangents).head();
    }

    /** The tangents of several outputs, sharing work. */
    public static List<Expr> jvp(List<Expr> ys, Map<Var, Expr> tangents) {
        tangents.forEach((v, t) -> {
            if (!v.shape().equals(t.shape())) {
                throw new ShapeException("jvp: the tangent of '" + v.name() + "' has shape " + t.shape()
                        + ", the variable has shape " + v.shape());
            }
        });
        ArrayList<Expr> order = Graph.topologicalOrder(ys);
        IdentityHashMap<Expr, Expr> tan = new IdentityHashMap<>();
        for (Expr e : order) {
            if (e instanceof Var v) {
                tangents.get(v).forEach(t -> tan.put(v, t));
            } else if (e instanceof Apply a) {
                Expr sum = null;
                int i = 0;
                for (Expr arg : a.args()) {
                    Expr t = tan.get(arg);
                    if (t != null && a.op().differentiable(i)) {
                        Expr c = a.op().jvp(a, i, t);
                        sum = sum == null ? c : sum.plus(c);
                    }
                    i++;
                }
                if (sum != null) {
                    tan.put(a, sum.broadcastTo(a.shape()));
                }
            }
        }
        return ys.map(y -> tan.containsKey(y) ? tan.get(y) : new Const(Tensor.zeros(y.shape())));
    }
}
