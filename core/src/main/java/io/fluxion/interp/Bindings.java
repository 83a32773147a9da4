package io.fluxion.interp;

import io.fluxion.expr.Var;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.vavr.control.Option;

/**
 * Values for variables: an immutable map from {@link Var} to {@link Tensor}. A binding of the
 * wrong shape is refused when it is made.
 *
 * <pre>{@code Bindings.of(x, 0.0).and(w, Tensor.vector(1, 2))}</pre>
 *
 * @param values the bound values
 */
public record Bindings(Map<Var, Tensor> values) {

    /** Checks every value's shape against its variable's. */
    public Bindings {
        values.forEach((v, t) -> check(v, t));
    }

    /** No bindings. */
    public static Bindings empty() {
        return new Bindings(LinkedHashMap.empty());
    }

    /** x bound to a scalar. */
    public static Bindings of(Var x, double value) {
        return empty().and(x, value);
    }

    /** x bound to a tensor. */
    public static Bindings of(Var x, Tensor value) {
        return empty().and(x, value);
    }

    /** These bindings and x bound to a scalar. */
    public Bindings and(Var x, double value) {
        return and(x, Tensor.scalar(value));
    }

    /** These bindings and x bound to a tensor (replacing an earlier binding of x). */
    public Bindings and(Var x, Tensor value) {
        check(x, value);
        return new Bindings(values.put(x, value));
    }

    /** The value bound to x, if any. */
    public Option<Tensor> get(Var x) {
        return values.get(x);
    }

    private static void check(Var x, Tensor t) {
        if (!x.shape().equals(t.shape())) {
            throw new io.fluxion.tensor.ShapeException("binding for variable '" + x.name() + "': expected shape "
                    + x.shape() + ", got " + t.shape());
        }
    }
}
