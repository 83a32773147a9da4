package io.fluxion.expr;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.vavr.collection.List;

/**
 * A primitive applied to arguments. The shape is checked when the node is built, so a shape error
 * surfaces at the call that caused it.
 *
 * <p>Equality and hash code are by identity: the generated ones would recurse through the whole
 * graph. {@code toString} prints a bounded infix form.
 *
 * @param op the primitive
 * @param args the arguments
 * @param shape the output shape, as the primitive computes it
 */
public record Apply(Primitive op, List<Expr> args, Shape shape) implements Expr {

    /** Checks that {@code shape} is the one the primitive gives for these arguments. */
    public Apply {
        Shape expected = op.shape(args.map(Expr::shape));
        if (!expected.equals(shape)) {
            throw new ShapeException(op.name() + ": output shape is " + expected + ", not " + shape);
        }
    }

    /** Applies {@code op}, computing (and so checking) the output shape. */
    public static Apply of(Primitive op, Expr... args) {
        List<Expr> list = List.of(args);
        return new Apply(op, list, op.shape(list.map(Expr::shape)));
    }

    /** Argument {@code i}. */
    public Expr arg(int i) {
        return args.get(i);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return io.fluxion.interp.Show.show(this, 200);
    }
}
