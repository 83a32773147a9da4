package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.tensor.Kernels;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * Matrix product and transpose. The product follows NumPy for vectors ((k)·(k, n) is (n),
 * (m, k)·(k) is (m), (k)·(k) is a scalar) and goes through BLAS {@code dgemm}. Compiled programs
 * fuse {@code matmul(transpose(a), b)} and {@code matmul(a, transpose(b))} into one {@code dgemm}
 * that reads the stored matrix transposed.
 */
public final class Linalg {
    private Linalg() {}

    /** The transpose; a vector or scalar is its own transpose. */
    public static final Op TRANSPOSE = Linear.of("transpose", Notation.call("transpose"),
            s -> {
                Shape a = Shapes.arity("transpose", s, 1).head();
                return a.rank() == 2 ? Shape.matrix(a.cols(), a.rows()) : a;
            },
            (in, out) -> Kernels.transpose(in[0], out),
            (node, ct) -> ct.transpose())
            .withSimplifier(node -> node.arg(0).shape().rank() < 2 ? Option.of(node.arg(0))
                    : node.arg(0) instanceof Apply a && a.op() == Linalg.TRANSPOSE ? Option.of(a.arg(0)) : Option.none());

    private static final Op[] PRODUCTS = {make(false, false), make(false, true), make(true, false), make(true, true)};

    /** The plain matrix product. */
    public static final Op MATMUL = PRODUCTS[0];

    /** op(a) · op(b) where the flags say which stored matrices are read transposed. */
    public static Op product(boolean ta, boolean tb) {
        return PRODUCTS[(ta ? 2 : 0) + (tb ? 1 : 0)];
    }

    private static Op make(boolean ta, boolean tb) {
        String name = ta || tb ? "matmul" + (ta ? "T" : "N") + (tb ? "T" : "N") : "matmul";
        Op op = Bilinear.of(name, Notation.call(name), s -> productShape(name, ta, tb, s),
                (in, out) -> {
                    int[] mnk = mnk(ta, tb, in[0].shape(), in[1].shape());
                    Kernels.matmul(in[0], ta, in[1], tb, mnk[0], mnk[1], mnk[2], out);
                },
                (node, arg, ct) -> productVjp(ta, tb, node, arg, ct));
        return ta || tb ? op : op.withFuser(Linalg::fuseTranspose);
    }

    /** a · b. */
    public static Expr matmul(Expr a, Expr b) { return Apply.of(MATMUL, a, b); }
    /** aᵀ. */
    public static Expr transpose(Expr a) { return Apply.of(TRANSPOSE, a); }

    private static Shape productShape(String name, boolean ta, boolean tb, List<Shape> s) {
        Shape a = Shapes.arity(name, s, 2).get(0);
        Shape b = s.get(1);
        if (a.rank() == 0 || b.rank() == 0) {
            throw Shapes.mismatch(name, "needs vectors or matrices (use times for scalars), got", s);
        }
        if ((ta && a.rank() != 2) || (tb && b.rank() != 2)) {
            throw Shapes.mismatch(name, "reads a transposed operand, which must be a matrix; got", s);
        }
        int[] mnk = mnk(ta, tb, a, b);
        int kb = b.rank() == 1 ? b.cols() : (tb ? b.cols() : b.rows());
        if (mnk[2] != kb) {
            throw Shapes.mismatch(name, "inner dimensions differ (" + mnk[2] + " vs " + kb + ") in", s);
        }
        if (a.rank() == 1 && b.rank() == 1) {
            return Shape.scalar();
        }
        if (a.rank() == 1) {
            return Shape.vector(mnk[1]);
        }
        if (b.rank() == 1) {
            return Shape.vector(mnk[0]);
        }
        return Shape.matrix(mnk[0], mnk[1]);
    }

    /** BLAS's m, n, k: a vector on the left is one row, a vector on the right one column. */
    private static int[] mnk(boolean ta, boolean tb, Shape a, Shape b) {
        int m = a.rank() == 1 ? 1 : (ta ? a.cols() : a.rows());
        int k = a.rank() == 1 ? a.cols() : (ta ? a.rows() : a.cols());
        int n = b.rank() == 1 ? 1 : (tb ? b.rows() : b.cols());
        return new int[] {m, n, k};
    }

    /**
     * With C = op(A) op(B): the cotangent of op(A) is C̄ op(B)ᵀ and that of op(B) is op(A)ᵀ C̄; each
     * is written as one product with flags, so no transpose is materialised. Vectors are viewed as
     * one-row (left) or one-column (right) matrices and reshaped back.
     */
    private static Expr productVjp(boolean ta, boolean tb, Apply node, int arg, Expr ct) {
        Expr a = node.arg(0);
        Expr b = node.arg(1);
        int[] mnk = mnk(ta, tb, a.shape(), b.shape());
        Expr am = a.shape().rank() == 1 ? a.reshape(1, mnk[2]) : a;
        Expr bm = b.shape().rank() == 1 ? b.reshape(mnk[2], 1) : b;
        Expr cm = ct.reshape(mnk[0], mnk[1]);
        Expr g = arg == 0
                ? (ta ? Apply.of(product(tb, true), bm, cm) : Apply.of(product(false, !tb), cm, bm))
                : (tb ? Apply.of(product(true, ta), cm, am) : Apply.of(product(!ta, false), am, cm));
        return g.reshape(node.arg(arg).shape());
    }

    private static Option<Expr> fuseTranspose(Apply node) {
        Expr a = node.arg(0);
        Expr b = node.arg(1);
        boolean ta = isMatrixTranspose(a);
        boolean tb = isMatrixTranspose(b);
        if (!ta && !tb || a.shape().rank() != 2 || b.shape().rank() != 2) {
            return Option.none();
        }
        return Option.of(Apply.of(product(ta, tb), ta ? ((Apply) a).arg(0) : a, tb ? ((Apply) b).arg(0) : b));
    }

    private static boolean isMatrixTranspose(Expr e) {
        return e instanceof Apply t && t.op() == TRANSPOSE && t.shape().rank() == 2;
    }
}
