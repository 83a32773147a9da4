package io.fluxion.autodiff;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Reverse;
import io.fluxion.op.Structure;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Seq;

/**
 * Gradients, Jacobians and Hessians as expressions, which differentiate again. The {@code Dsl}
 * facade offers the same under the same names; library code (models, training, the laws) calls
 * these.
 */
public final class Derivatives {
    private Derivatives() {}

    /** dy/dx for each x, for a scalar y; a variable y does not depend on gets zeros. */
    public static List<Expr> gradients(Expr y, Seq<Var> xs) {
        if (!y.shape().isScalar()) {
            throw new ShapeException("grad: y must be a scalar, but it has shape " + y.shape()
                    + "; for a non-scalar output use jacobian(y, x), or vjp(y, xs, cotangent)");
        }
        return Reverse.gradients(y, xs);
    }

    /** dy/dx, for a scalar y. */
    public static Expr grad(Expr y, Var x) {
        return gradients(y, List.of(x)).head();
    }

    /**
     * ∂y/∂x with shape {@code y.shape + x.shape}, as JAX's {@code jacobian}, for any ranks: one VJP
     * per element of y, stacked.
     */
    public static Expr jacobian(Expr y, Var x) {
        Shape ys = y.shape();
        if (ys.isScalar()) {
            return Reverse.vjpOrZeros(y, List.of(x), new Const(Tensor.ones(ys))).head();
        }
        int m = ys.size();
        List<Expr> rows = List.range(0, m).map(i -> {
            double[] e = new double[m];
            e[i] = 1;
            return Reverse.vjpOrZeros(y, List.of(x), new Const(Tensor.of(ys, e))).head().expandDims(0);
        });
        return Structure.concat(0, rows).reshape(ys.concat(x.shape()));
    }

    /** The Hessian of a scalar y with respect to x, of shape {@code x.shape + x.shape}. */
    public static Expr hessian(Expr y, Var x) {
        return jacobian(grad(y, x), x);
    }
}
