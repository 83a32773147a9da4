package io.fluxion.expr;

import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import java.io.Serializable;

/**
 * A primitive applied to arguments. The shape is computed, and so checked, once, when the node is
 * built: a shape error surfaces at the call that caused it.
 *
 * <p>A class rather than a record so that the shape rule runs once per node (a record's public
 * constructor would have to run it again to verify a given shape). Equality and hash code are by
 * identity, since structural ones would recurse through the whole graph; {@code toString} names
 * the primitive and shape without descending (print a graph with {@code Show}).
 */
public final class Apply implements Expr, Serializable {
    private static final long serialVersionUID = 1L;

    /** The primitive applied. */
    private final Primitive op;
    /** Its arguments, in order. */
    private final List<Expr> args;
    /** The output shape, from the primitive's shape rule. */
    private final Shape shape;
    /** Whether its dtype is weak, from its arguments' (see {@link Promotion}). */
    private final boolean weak;

    private Apply(Primitive op, List<Expr> args, Shape shape) {
        this.op = op;
        this.args = args;
        this.shape = shape;
        this.weak = Promotion.weak(op, args);
    }

    /** Applies {@code op}, computing (and so checking) the output shape. */
    public static Apply of(Primitive op, Expr... args) {
        // Both lists built back to front in one pass each: an eager step builds its adjoint's
        // nodes afresh every time, and a mapped list would be built twice (reversed, then back).
        List<Expr> list = List.empty();
        List<Shape> shapes = List.empty();
        for (int i = args.length - 1; i >= 0; i--) {
            list = list.prepend(args[i]);
            shapes = shapes.prepend(args[i].shape());
        }
        return new Apply(op, list, op.shape(shapes));
    }

    /** Applies {@code op} to a list of arguments, computing (and so checking) the output shape. */
    public static Apply of(Primitive op, List<Expr> args) {
        return new Apply(op, args, op.shape(shapesOf(args)));
    }

    /** The shapes of the arguments, in order. */
    private static List<Shape> shapesOf(List<Expr> args) {
        Shape[] s = new Shape[args.size()];
        int i = 0;
        for (List<Expr> rest = args; !rest.isEmpty(); rest = rest.tail()) {
            s[i++] = rest.head().shape();
        }
        List<Shape> shapes = List.empty();
        while (i > 0) {
            shapes = shapes.prepend(s[--i]);
        }
        return shapes;
    }

    /**
     * The same primitive over other arguments of the same shapes (as rewrites rebuild nodes): the
     * shape is known, so the rule is not run again.
     */
    public Apply withArgs(List<Expr> newArgs) {
        if (newArgs.size() != args.size()) {
            throw new IllegalArgumentException(op.name() + ": takes " + args.size() + " arguments, got " + newArgs.size());
        }
        for (List<Expr> a = args, b = newArgs; !a.isEmpty(); a = a.tail(), b = b.tail()) {
            if (!a.head().shape().equals(b.head().shape())) {
                return of(op, newArgs);
            }
        }
        return new Apply(op, newArgs, shape);
    }

    /** A node whose shape its primitive already gave (as when a serialized graph is read back). */
    static Apply trusted(Primitive op, List<Expr> args, Shape shape) {
        return new Apply(op, args, shape);
    }

    /** A graph travels as a flat list of its nodes (see {@link SerializedGraph}). */
    @java.io.Serial
    private Object writeReplace() {
        return new SerializedGraph(this);
    }

    /** The primitive. */
    public Primitive op() {
        return op;
    }

    /** The arguments. */
    public List<Expr> args() {
        return args;
    }

    /** Argument {@code i}. */
    public Expr arg(int i) {
        return args.get(i);
    }

    @Override
    public Shape shape() {
        return shape;
    }

    /** Weak when every argument that {@link Primitive#promotes} is weak (see {@link Promotion}). */
    @Override
    public boolean weak() {
        return weak;
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
        return op.name() + "(…) " + shape;
    }
}
