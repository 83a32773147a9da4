package io.fluxion.law;

import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import org.quicktheories.core.Gen;

/**
 * Where a function is checked: its variables, each with the interval its elements are drawn
 * from. Generates points (values for every variable), directions (tangents with elements in
 * [-1, 1]) and, for any use, tensors of a shape with elements in an interval. No check evaluates
 * the function outside the box: points keep a margin from its edges, and every step of finite
 * differences or of the Taylor law is limited to the {@link #room} the box leaves.
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

    /**
     * The distance from the edges of the box that drawn points keep: finite differences and the
     * Taylor law step up to 0.01·max(1, |x|) from a point, and stay inside the box; a quarter of the
     * interval's width when that is less.
     */
    static final double MARGIN = 0.01;

    /** Tensors of the given shape with elements in [low, high], shrinking towards values that are not special. */
    public static Gen<Tensor> tensors(Shape shape, double low, double high) {
        Interval range = new Interval(low, high);
        return src -> Draws.tensor(src, shape, range.low(), range.high(), 0);
    }

    /**
     * Points of the domain: every variable bound to a tensor with elements in its interval, kept
     * {@link #margin(Interval)} away from its ends so that the checks around a point stay inside.
     */
    public Gen<Bindings> points() {
        return points(0);
    }

    /** Points whose elements shrink towards targets {@code offset} places along the generic sequence. */
    Gen<Bindings> points(int offset) {
        return src -> {
            Bindings b = Bindings.empty();
            int o = offset;
            for (var e : ranges) {
                double m = margin(e._2);
                b = b.and(e._1, Draws.tensor(src, e._1.shape(), e._2.low() + m, e._2.high() - m, o));
                o += e._1.shape().size();
            }
            return b;
        };
    }

    /** How far inside its interval a variable's elements are drawn. */
    double margin(Interval range) {
        double bound = ranges.values().map(Interval::bound).max().getOrElse(1.0);
        return Math.min(MARGIN * Math.max(1, bound), (range.high() - range.low()) / 4);
    }

    /**
     * Directions: every variable bound to a tensor with elements in [-1, 1] (zero for a variable
     * whose interval is a single value, which no check may move).
     */
    public Gen<Bindings> directions() {
        return directions(0);
    }

    /** Directions whose elements shrink towards targets {@code offset} places along the generic sequence. */
    Gen<Bindings> directions(int offset) {
        return src -> {
            Bindings b = Bindings.empty();
            int o = offset;
            for (var e : ranges) {
                Var v = e._1;
                b = b.and(v, e._2.low() == e._2.high() ? Tensor.zeros(v.shape())
                        : Draws.tensor(src, v.shape(), -1, 1, o));
                o += v.shape().size();
            }
            return b;
        };
    }

    /**
     * The largest h for which x + t·v stays in the box for every t in [−h, h]: what a check may
     * step from the point {@code at} along {@code v} ({@code +∞} when the direction moves none of
     * the domain's variables).
     */
    public double room(Bindings at, Bindings v) {
        double room = Double.POSITIVE_INFINITY;
        for (var e : v.values()) {
            Option<Interval> range = ranges.get(e._1);
            if (range.isEmpty()) {
                continue;
            }
            double[] x = at.get(e._1).map(Tensor::toArray).getOrElseThrow(() -> new IllegalArgumentException(
                    "no value for variable '" + e._1.name() + "' at the point"));
            double[] d = e._2.toArray();
            for (int i = 0; i < d.length; i++) {
                if (d[i] != 0) {
                    double inside = Math.min(x[i] - range.get().low(), range.get().high() - x[i]);
                    room = Math.min(room, Math.max(0, inside) / Math.abs(d[i]));
                }
            }
        }
        return room;
    }

    /** Whether every element of every variable of the domain bound at the point lies in its interval. */
    public boolean contains(Bindings at) {
        for (var e : ranges) {
            Option<Tensor> t = at.get(e._1);
            if (t.isDefined()) {
                for (double d : t.get().toArray()) {
                    if (!(d >= e._2.low() && d <= e._2.high())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
