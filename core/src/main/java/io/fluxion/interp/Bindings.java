package io.fluxion.interp;

import io.fluxion.expr.Var;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.io.Serializable;

/**
 * Values for variables: an immutable map from {@link Var} to {@link Tensor}. A binding of the
 * wrong shape is refused when it is made.
 *
 * <pre>{@code Bindings.of(x, 0.0).and(w, Tensor.vector(1, 2))}</pre>
 *
 * <p>A class rather than a record so that adding a binding checks that binding only: n bindings
 * cost O(n) checks, not O(n²).
 */
public final class Bindings implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Bindings EMPTY = new Bindings(LinkedHashMap.empty());

    private final Map<Var, Tensor> values;

    private Bindings(Map<Var, Tensor> values) {
        this.values = values;
    }

    /** No bindings. */
    public static Bindings empty() {
        return EMPTY;
    }

    /** Bindings from a map, each value's shape checked against its variable's. */
    public static Bindings of(Map<Var, Tensor> values) {
        values.forEach(Bindings::check);
        return new Bindings(values);
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

    /** These bindings and all of {@code more} (whose bindings win where both bind a variable). */
    public Bindings and(Bindings more) {
        return new Bindings(values.merge(more.values, (a, b) -> b));
    }

    /** The value bound to x, if any. */
    public Option<Tensor> get(Var x) {
        return values.get(x);
    }

    /** The value bound to x, or null: no {@code Option} per lookup on a compiled program's run. */
    Tensor getOrNull(Var x) {
        return values.getOrElse(x, null);
    }

    /** The bound values. */
    public Map<Var, Tensor> values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bindings b && values.equals(b.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** The variables and the shapes of their values (never the values, which may be large). */
    @Override
    public String toString() {
        return values.map(t -> t._1.name() + " " + t._2.shape()).mkString("Bindings(", ", ", ")");
    }

    private static void check(Var x, Tensor t) {
        if (!x.shape().equals(t.shape())) {
            throw new ShapeException("binding for variable '" + x.name() + "': expected shape "
                    + x.shape() + ", got " + t.shape());
        }
    }
}
