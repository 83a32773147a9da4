package io.fluxion.law;

import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import org.quicktheories.core.Gen;

/**
 * Where a function is checked: its variables, each with the interval its elements are drawn
 * from. Generates points (values for every variable), directions (tangents with elements in
 * [-1, 1]) and, for any use, tensors of a shape with elements in an interval.
 *
 * <pre>{@code
 * Domain d = Domain.box(Shape.vector(3), -2, 2);          // one variable x of shape (3)
 * Domain e = Domain.of(w, -1, 1).and(b, 0.5, 2);          // two variables
 * }</pre>
 *
 * @param ranges each variable and the interval of its elements, in order
 */
public record Domain(Map<Var, Interval> ranges) {

    /** Checks that there is at least one variable. */
    public Domain {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a domain needs at least one variable");
        }
    }

    /** A domain of one new variable {@code x} of the given shape, elements in [low, high]. */
    public static Domain box(Shape shape, double low, double high) {
        return of(Var.of("x", shape), low, high);
    }

    /** A domain of one variable, elements in [low, high]. */
    public static Domain of(Var x, double low, double high) {
        return new Domain(LinkedHashMap.of(x, new Interval(low, high)));
    }

    /** This domain and one more variable, elements in [low, high]. */
    public Domain and(Var x, double low, double high) {
        return new Domain(ranges.put(x, new Interval(low, high)));
    }

    /** The variables, in order. */
    public List<Var> variables() {
        return ranges.keySet().toList();
    }

    /** The only variable, for functions of one variable. */
    public Var variable() {
        if (ranges.size() != 1) {
            throw new IllegalArgumentException("this domain has " + ranges.size()
                    + " variables; a function of one variable needs exactly one");
        }
        return ranges.head()._1;
    }

    /** The largest magnitude of an element of variable x. */
    public double bound(Var x) {
        return ranges.get(x).map(Interval::bound).getOrElseThrow(() ->
                new IllegalArgumentException("'" + x.name() + "' is not a variable of this domain"));
    }

    /** Tensors of the given shape with elements in [low, high], shrinking towards the middle. */
    public static Gen<Tensor> tensors(Shape shape, double low, double high) {
        Interval range = new Interval(low, high);
        return src -> Draws.tensor(src, shape, range.low(), range.high(), (range.low() + range.high()) / 2);
    }

    /** Points of the domain: every variable bound to a tensor with elements in its interval. */
    public Gen<Bindings> points() {
        return src -> {
            Bindings b = Bindings.empty();
            for (var e : ranges) {
                b = b.and(e._1, Draws.tensor(src, e._1.shape(), e._2.low(), e._2.high(), (e._2.low() + e._2.high()) / 2));
            }
            return b;
        };
    }

    /** Directions: every variable bound to a tensor with elements in [-1, 1] (shrinking towards 1). */
    public Gen<Bindings> directions() {
        return src -> {
            Bindings b = Bindings.empty();
            for (Var v : variables()) {
                b = b.and(v, Draws.tensor(src, v.shape(), -1, 1, 1));
            }
            return b;
        };
    }
}
