package io.fluxion.interp;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.ShapeException;

/** Replaces a variable by an expression of the same shape throughout a DAG (iteratively, keeping sharing). */
public final class Substitute {
    private Substitute() {}

    /** e with every occurrence of v replaced by {@code by}. */
    public static Expr substitute(Expr e, Var v, Expr by) {
        if (!v.shape().equals(by.shape())) {
            throw new ShapeException("substitute: '" + v.name() + "' has shape " + v.shape()
                    + ", its replacement has shape " + by.shape());
        }
        return new Rebuild(x -> x.equals(v) ? by : x).apply(e);
    }
}
