package io.fluxion.op.internal;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.vavr.collection.List;
import java.util.function.Function;

/** Shape rules shared by the primitive families. */
public final class Shapes {
    private Shapes() {}

    /** The shape rule of an operation on one argument that keeps its shape. */
    public static Function<List<Shape>, Shape> same(String name) {
        return s -> arity(name, s, 1).head();
    }

    /** The shape rule of a one-argument operation, from the argument's shape. */
    public static Function<List<Shape>, Shape> unary(String name, java.util.function.UnaryOperator<Shape> rule) {
        return s -> rule.apply(arity(name, s, 1).head());
    }

    /** The one argument's shape, which must have {@code axis} (a non-negative axis fixed when the node was built). */
    public static Shape withAxis(String name, List<Shape> s, int axis) {
        Shape a = arity(name, s, 1).head();
        if (axis >= a.rank()) {
            throw new ShapeException(name + ": axis " + axis + " is out of range for shape " + a);
        }
        return a;
    }

    /** Every argument's shape must equal the first's; that shape. */
    public static Shape allSame(String name, List<Shape> s, int arity) {
        arity(name, s, arity);
        if (s.exists(x -> !x.equals(s.head()))) {
            throw mismatch(name, "needs arguments of one shape, got", s);
        }
        return s.head();
    }

    /** The NumPy broadcast of all arguments, or an error naming the operation and every shape. */
    public static Function<List<Shape>, Shape> broadcast(String name, int arity) {
        return s -> {
            arity(name, s, arity);
            Shape out = s.head();
            for (List<Shape> rest = s.tail(); !rest.isEmpty(); rest = rest.tail()) {
                Shape t = rest.head();
                if (!t.equals(out)) {
                    out = Shape.broadcast(out, t).getOrElseThrow(() -> mismatch(name, "cannot broadcast", s));
                }
            }
            return out;
        };
    }

    /** A NumPy axis of shape s in 0..rank-1, or an error naming the operation. */
    public static int axis(String name, Shape s, int axis) {
        int a = axis < 0 ? axis + s.rank() : axis;
        if (s.isScalar()) {
            throw new ShapeException(name + ": a scalar () has no axis " + axis);
        }
        if (a < 0 || a >= s.rank()) {
            throw new ShapeException(name + ": axis " + axis + " is out of range for shape " + s);
        }
        return a;
    }

    public static List<Shape> arity(String name, List<Shape> s, int n) {
        if (s.size() != n) {
            throw new ShapeException(name + ": takes " + n + " argument(s), got " + s.size());
        }
        return s;
    }

    public static ShapeException mismatch(String name, String what, List<Shape> shapes) {
        return new ShapeException(name + ": " + what + " " + shapes.mkString(" and "));
    }
}
