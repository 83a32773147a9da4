package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.tensor.Kernels;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.vavr.collection.List;

/** Operations that move elements without arithmetic: reshape, slice, concatenate, one-hot, where, stop-gradient. */
public final class Structure {
    private Structure() {}

    /** The identity through which no derivative flows. */
    public static final Op STOP_GRADIENT = Op.constant("stopGradient", Notation.call("stopGradient"),
            Shapes.same("stopGradient"), (in, out) -> Kernels.copy(in[0], out));

    /** Where the condition (first argument) is non-zero the second argument, else the third. */
    public static final Op WHERE = Op.of("where", Notation.call("where"), Shapes.broadcast("where", 3),
                    (in, out) -> Kernels.select(in[0], in[1], in[2], out),
                    (node, arg, t) -> arg == 1 ? where(node.arg(0), t, Const.of(0)) : where(node.arg(0), Const.of(0), t),
                    (node, arg, ct) -> (arg == 1 ? where(node.arg(0), ct, Const.of(0)) : where(node.arg(0), Const.of(0), ct))
                            .sumTo(node.arg(arg).shape()))
            .differentiableOnly(i -> i > 0);

    /** x, through which no derivative flows (JAX's {@code stop_gradient}, PyTorch's {@code detach}). */
    public static Expr stopGradient(Expr x) { return Apply.of(STOP_GRADIENT, x); }

    /** {@code ifTrue} where cond is non-zero, else {@code ifFalse}; all three broadcast. */
    public static Expr where(Expr cond, Expr ifTrue, Expr ifFalse) { return Apply.of(WHERE, cond, ifTrue, ifFalse); }

    /** The same elements in row-major order with another shape of the same size; x itself if the shapes agree. */
    public static Expr reshape(Expr x, Shape to) {
        if (x.shape().equals(to)) {
            return x;
        }
        return Apply.of(Linear.of("reshape", new Notation.Call("reshape", to.toString()),
                Shapes.unary("reshape", from -> {
                    if (from.size() != to.size()) {
                        throw new ShapeException("reshape: cannot reshape " + from + " (" + from.size()
                                + " elements) to " + to + " (" + to.size() + " elements)");
                    }
                    return to;
                }),
                (in, out) -> Kernels.copy(in[0], out),
                (node, ct) -> ct.reshape(node.arg(0).shape())), x);
    }

    /** Elements {@code from} (inclusive) to {@code to} (exclusive) along a NumPy axis; the rank is kept. */
    public static Expr slice(Expr x, int axis, int from, int to) {
        Shape s = x.shape();
        int a = Shapes.axis("slice", s, axis);
        int len = s.dim(a);
        if (from < 0 || to > len || from >= to) {
            throw new ShapeException("slice: range " + from + ".." + to + " is not inside 0.." + len
                    + " along axis " + axis + " of shape " + s);
        }
        Shape out = resized(s, a, to - from);
        return Apply.of(Linear.of("slice", new Notation.Call("slice", "axis=" + a + ", " + from + ":" + to),
                Shapes.unary("slice", in -> requireShape("slice", in, s, out)),
                (in, o) -> Kernels.slice(in[0], a, from, o),
                (node, ct) -> pad(ct, a, from, len)), x);
    }

    /** x placed at {@code from} inside zeros of length {@code total} along a NumPy axis: the transpose of slice. */
    public static Expr pad(Expr x, int axis, int from, int total) {
        Shape s = x.shape();
        int a = Shapes.axis("pad", s, axis);
        int len = s.dim(a);
        if (from < 0 || from + len > total) {
            throw new ShapeException("pad: cannot place length " + len + " at " + from + " inside " + total);
        }
        Shape out = resized(s, a, total);
        return Apply.of(Linear.of("pad", new Notation.Call("pad", "axis=" + a + ", " + from + ", " + total),
                Shapes.unary("pad", in -> requireShape("pad", in, s, out)),
                (in, o) -> Kernels.pad(in[0], a, from, o),
                (node, ct) -> ct.slice(a, from, from + len)), x);
    }

    /** The parts joined along a NumPy axis; all other dimensions must agree. */
    public static Expr concat(int axis, List<Expr> parts) {
        if (parts.isEmpty()) {
            throw new ShapeException("concat: needs at least one part");
        }
        List<Shape> shapes = parts.map(Expr::shape);
        Shape first = shapes.head();
        int a = Shapes.axis("concat", first, axis);
        int total = 0;
        for (Shape s : shapes) {
            if (s.rank() != first.rank() || !resized(s, a, 1).equals(resized(first, a, 1))) {
                throw Shapes.mismatch("concat", "parts must agree except along axis " + a + ", got", shapes);
            }
            total += s.dim(a);
        }
        int[] offsets = new int[parts.size() + 1];
        for (int i = 0; i < parts.size(); i++) {
            offsets[i + 1] = offsets[i] + shapes.get(i).dim(a);
        }
        Shape out = resized(first, a, total);
        int sum = total;
        return new Apply(Op.of("concat", new Notation.Call("concat", "axis=" + a),
                s -> {
                    if (!s.equals(shapes)) {
                        throw Shapes.mismatch("concat", "was built for " + shapes.mkString(", ") + ", got", s);
                    }
                    return out;
                },
                (in, o) -> Kernels.concat(in, a, o),
                (node, arg, t) -> pad(t, a, offsets[arg], sum),
                (node, arg, ct) -> ct.slice(a, offsets[arg], offsets[arg + 1])), parts, out);
    }

    /** One-hot rows of width {@code classes} from class indices: (n) gives (n, classes), a scalar gives (classes). */
    public static Expr oneHot(Expr indices, int classes) {
        if (classes < 1) {
            throw new ShapeException("oneHot: needs at least one class, got " + classes);
        }
        return Apply.of(Op.constant("oneHot", new Notation.Call("oneHot", Integer.toString(classes)),
                Shapes.unary("oneHot", in -> switch (in.rank()) {
                    case 0 -> Shape.vector(classes);
                    case 1 -> Shape.matrix(in.cols(), classes);
                    default -> throw new ShapeException("oneHot: needs a scalar or vector of class indices, got " + in);
                }),
                (in, out) -> Kernels.oneHot(in[0], out)), indices);
    }

    private static Shape resized(Shape s, int axis, int len) {
        int[] dims = s.dims();
        dims[axis] = len;
        return Shape.of(dims);
    }

    private static Shape requireShape(String name, Shape got, Shape built, Shape out) {
        if (!got.equals(built)) {
            throw new ShapeException(name + ": was built for shape " + built + ", got " + got);
        }
        return out;
    }
}
