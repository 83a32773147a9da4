package io.fluxion.interp;

import io.fluxion.expr.Var;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.HashMap;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
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
 * cost O(n) checks, not O(n²). The values sit in a hash map, and the order in which the variables
 * were first bound in a list of its own, so that binding a variable again (a step's new x) changes
 * one entry of the map and nothing else; {@link #values()} restores the order.
 */
public final class Bindings implements Serializable {
    private static final long serialVersionUID = 2L;
    private static final Bindings EMPTY = new Bindings(HashMap.empty(), List.empty());

    private final HashMap<Var, Tensor> values;
    /** The variables, the most recently first bound at the head. */
    private final List<Var> latestFirst;

    private Bindings(HashMap<Var, Tensor> values, List<Var> latestFirst) {
        this.values = values;
        this.latestFirst = latestFirst;
    }

    /** No bindings. */
    public static Bindings empty() {
        return EMPTY;
    }

    /** Bindings from a map, each value's shape checked against its variable's. */
    public static Bindings of(Map<Var, Tensor> values) {
        Bindings b = EMPTY;
        for (Tuple2<Var, Tensor> e : values) {
            b = b.and(e._1, e._2);
        }
        return b;
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
        HashMap<Var, Tensor> more = values.put(x, value);
        return new Bindings(more, more.size() > values.size() ? latestFirst.prepend(x) : latestFirst);
    }

    /** These bindings and all of {@code more} (whose bindings win where both bind a variable). */
    public Bindings and(Bindings more) {
        Bindings b = this;
        for (Var x : more.latestFirst.reverse()) {
            b = b.and(x, more.values.get(x).get());
        }
        return b;
    }

    /** The value bound to x, if any. */
    public Option<Tensor> get(Var x) {
        return values.get(x);
    }

    /** The value bound to x, or null: no {@code Option} per lookup on a compiled program's run. */
    Tensor getOrNull(Var x) {
        return values.getOrElse(x, null);
    }

    /** The bound values, in the order the variables were first bound. */
    public Map<Var, Tensor> values() {
        return LinkedHashMap.ofEntries(latestFirst.reverse().map(x -> Tuple.of(x, values.get(x).get())));
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
        return latestFirst.reverse().map(x -> x.name() + " " + values.get(x).get().shape()).mkString("Bindings(", ", ", ")");
    }

    private static void check(Var x, Tensor t) {
        if (!x.shape().equals(t.shape())) {
            throw new ShapeException("binding for variable '" + x.name() + "': expected shape "
                    + x.shape() + ", got " + t.shape());
        }
    }
}
