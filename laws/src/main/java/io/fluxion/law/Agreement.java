package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;

/** Comparisons of values that should agree up to rounding, for the laws that state identities. */
final class Agreement {
    private Agreement() {}

    /** One number against another, at the given scale and intermediate scale. */
    static Report number(String check, String where, double expected, double actual, double scale,
            double intermediate, Tolerance tol) {
        double error = Math.abs(actual - expected);
        double allowed = tol.allowed(expected, actual, scale, intermediate, 0);
        return Report.empty(check).compared(new Mismatch(check, where, List.empty(), expected, actual, error, allowed),
                !(error <= allowed));
    }

    /**
     * Two tensors element by element, at the scale of the expected tensor's largest finite element.
     * The same non-finite value on both sides agrees (two interpreters giving NaN agree); a
     * non-finite value on one side fails, printed as it is.
     */
    static Report tensors(String check, String where, Tensor expected, Tensor actual, double intermediate,
            Tolerance tol) {
        Report r = Report.empty(check);
        if (!expected.shape().equals(actual.shape())) {
            return r.withProblem(where + ": expected shape " + expected.shape() + ", got " + actual.shape());
        }
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        double s = 0;
        for (double d : e) {
            if (Double.isFinite(d)) {
                s = Math.max(s, Math.abs(d));
            }
        }
        for (int k = 0; k < e.length; k++) {
            if (!Double.isFinite(e[k]) && Double.compare(e[k], a[k]) == 0) {
                r = r.compared();
                continue;
            }
            double error = Math.abs(a[k] - e[k]);
            double allowed = tol.allowed(e[k], a[k], s, intermediate, 0);
            r = r.compared(new Mismatch(check, where, Points.index(expected.shape(), k), e[k], a[k], error, allowed),
                    !(error <= allowed));
        }
        return r;
    }

    /** Lists of tensors pairwise, each named by {@code where}. */
    static Report tensors(String check, List<String> where, List<Tensor> expected, List<Tensor> actual,
            double intermediate, Tolerance tol) {
        Report r = Report.empty(check);
        for (int i = 0; i < where.size(); i++) {
            r = r.and(tensors(check, where.get(i), expected.get(i), actual.get(i), intermediate, tol));
        }
        return r;
    }

    /**
     * The largest magnitude of any intermediate value in computing the expressions: rounding in a
     * result is relative to this, not to the result, which may be the small difference of large terms.
     * Values that are not finite are left out, so that they fail only the comparisons they reach.
     */
    static double intermediateScale(List<Expr> es, Bindings at) {
        List<Expr> nodes = List.ofAll(Graph.topologicalOrder(es));
        double m = 0;
        for (Tensor t : Evaluate.evaluate(nodes, at)) {
            for (double d : t.toArray()) {
                if (Double.isFinite(d)) {
                    m = Math.max(m, Math.abs(d));
                }
            }
        }
        return m;
    }
}
