package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;

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
        Graph.Order order = Graph.order(ys, e -> false);
        Expr[] tan = new Expr[order.size()];
        for (int i = 0; i < tan.length; i++) {
            Expr e = order.node(i);
            if (e instanceof Var v) {
                tan[i] = tangents.get(v).getOrNull();
            } else if (e instanceof Apply a) {
                int[] args = order.args(i);
                boolean any = false;
                List<Option<Expr>> ts = List.empty();
                for (int j = args.length - 1; j >= 0; j--) {
                    ts = ts.prepend(Option.of(tan[args[j]]));
                    any |= tan[args[j]] != null && a.op().differentiable(j);
                }
                tan[i] = any ? a.op().jvps(a, ts).map(t -> t.broadcastTo(a.shape())).getOrNull() : null;
            }
        }
        return ys.map(y -> {
            Expr t = tan[order.indexOf(y)];
            return t != null ? t : new Const(Tensor.zeros(y.shape()));
        });
    }
}
