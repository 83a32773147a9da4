package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.op.internal.Shapes;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Kernels;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Arrays;

/**
 * Transposes by permutation and the matrix product with NumPy's rules: vectors ((k)·(k, n) is
 * (n), (m, k)·(k) is (m), (k)·(k) a scalar) and batches ({@code (..., m, k) @ (..., k, n)} with
 * batch dimensions that broadcast), each product one BLAS {@code dgemm}. Compiled programs fuse
 * {@code matmul(a.matrixTranspose(), b)} into one {@code dgemm} that reads {@code a} transposed
 * in place.
 */
public final class Linalg {
    private Linalg() {}

    /** The axes permuted: axis i of the result is axis {@code perm[i]} of the argument. */
    public record Transpose(List<Integer> perm) implements Linear, AnyDType {
        /** Checks that perm is a permutation of 0..n-1. */
        public Transpose {
            boolean[] seen = new boolean[perm.size()];
            for (int p : perm) {
                if (p < 0 || p >= seen.length || seen[p]) {
                    throw new ShapeException("transpose: " + perm.mkString("(", ", ", ")") + " is not a permutation of the axes");
                }
                seen[p] = true;
            }
        }
        @Override public String name() { return "transpose"; }
        @Override public Option<Expr> batch(Apply node, Batch b) {
            return Option.of(Apply.of(new Transpose(List.of(0).appendAll(perm.map(p -> p + 1))), b.arg(0)));
        }
        @Override public Notation notation() { return new Notation.Call("transpose", perm.mkString("(", ", ", ")")); }
        @Override public Shape shape(List<Shape> s) {
            Shape x = Shapes.arity("transpose", s, 1).head();
            if (x.rank() != perm.size()) {
                throw new ShapeException("transpose: " + perm.mkString("(", ", ", ")") + " does not permute the axes of " + x);
            }
            int[] d = new int[x.rank()];
            for (int i = 0; i < d.length; i++) {
                d[i] = x.dim(perm.get(i));
            }
            return Shape.of(d);
        }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            Kernels.permute(in[0], perm.toJavaStream().mapToInt(Integer::intValue).toArray(), out);
        }
        @Override public Expr transpose(Apply node, Expr ct) {
            int[] inverse = new int[perm.size()];
            for (int i = 0; i < inverse.length; i++) {
                inverse[perm.get(i)] = i;
            }
            return Linalg.transpose(ct, inverse);
        }
        /** A transpose of a transpose is one permutation, and the identity is no operation. */
        @Override public Option<Expr> simplify(Apply node) {
            if (!(node.arg(0) instanceof Apply inner) || !(inner.op() instanceof Transpose first)) {
                return Option.none();
            }
            int[] composed = new int[perm.size()];
            for (int i = 0; i < composed.length; i++) {
                composed[i] = first.perm.get(perm.get(i));
            }
            return Option.of(Linalg.transpose(inner.arg(0), composed));
        }
        /** Whether this swaps the last two axes and keeps the others. */
        boolean swapsLastTwo() {
            int n = perm.size();
            if (n < 2 || perm.get(n - 1) != n - 2 || perm.get(n - 2) != n - 1) {
                return false;
            }
            for (int i = 0; i < n - 2; i++) {
                if (perm.get(i) != i) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * op(a) · op(b) with NumPy's rules, where the flags say that the last two axes of a stored
     * operand are read transposed (only the VJP and fusions set them).
     */
    public record MatMul(boolean transposeA, boolean transposeB) implements Bilinear, AnyDType {
        @Override public String name() {
            return transposeA || transposeB ? "matmul" + (transposeA ? "T" : "N") + (transposeB ? "T" : "N") : "matmul";
        }
        @Override public Notation notation() { return Notation.call(name()); }
        @Override public Option<Expr> batch(Apply node, Batch b) { return Option.of(Batching.matmul(this, node, b)); }
        @Override public Shape shape(List<Shape> s) { return productShape(name(), transposeA, transposeB, s); }
        @Override public void applyInto(Tensor[] in, Buffer out) {
            Kernels.matmul(in[0], transposeA, in[1], transposeB, out);
        }
        @Override public Expr vjp(Apply node, int arg, Expr ct) { return productVjp(transposeA, transposeB, node, arg, ct); }
        @Override public Option<Expr> fuse(Apply node) { return transposeA || transposeB ? Option.none() : fuseTranspose(node); }
    }

    /** The plain matrix product. */
    public static final MatMul MATMUL = new MatMul(false, false);

    /** a · b. */
    public static Expr matmul(Expr a, Expr b) { return Apply.of(MATMUL, a, b); }

    /** The axes reversed (NumPy's {@code x.T}); a vector or scalar is itself. */
    public static Expr transpose(Expr a) {
        int r = a.shape().rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = r - 1 - i;
        }
        return transpose(a, perm);
    }

    /** The axes permuted (NumPy's {@code x.transpose(perm)}); a itself for the identity. */
    public static Expr transpose(Expr a, int... perm) {
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) {
            identity &= perm[i] == i;
        }
        Transpose t = new Transpose(List.ofAll(Arrays.stream(perm).boxed()));
        return identity && perm.length == a.shape().rank() ? a : Apply.of(t, a);
    }

    /** The last two axes swapped (the transpose of each matrix of a batch). */
    public static Expr matrixTranspose(Expr a) {
        int r = a.shape().rank();
        if (r < 2) {
            throw new ShapeException("matrixTranspose: needs at least two axes, got " + a.shape());
        }
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return transpose(a, perm);
    }

    private static Shape productShape(String name, boolean ta, boolean tb, List<Shape> s) {
        Shape a = Shapes.arity(name, s, 2).get(0);
        Shape b = s.get(1);
        if (a.rank() == 0 || b.rank() == 0) {
            throw Shapes.mismatch(name, "needs vectors or matrices (use times for scalars), got", s);
        }
        if ((ta && a.rank() < 2) || (tb && b.rank() < 2)) {
            throw Shapes.mismatch(name, "reads a transposed operand, which must be a matrix; got", s);
        }
        int m = a.rank() == 1 ? 1 : (ta ? a.dim(-1) : a.dim(-2));
        int k = a.rank() == 1 ? a.dim(0) : (ta ? a.dim(-2) : a.dim(-1));
        int kb = b.rank() == 1 ? b.dim(0) : (tb ? b.dim(-1) : b.dim(-2));
        int n = b.rank() == 1 ? 1 : (tb ? b.dim(-2) : b.dim(-1));
        if (k != kb) {
            throw Shapes.mismatch(name, "inner dimensions differ (" + k + " vs " + kb + ") in", s);
        }
        Shape ab = a.rank() <= 2 ? Shape.scalar() : a.take(a.rank() - 2);
        Shape bb = b.rank() <= 2 ? Shape.scalar() : b.take(b.rank() - 2);
        Shape batch = Shape.broadcast(ab, bb).getOrElseThrow(() -> Shapes.mismatch(name, "batch dimensions "
                + ab + " and " + bb + " do not broadcast in", s));
        Shape tail = a.rank() == 1 && b.rank() == 1 ? Shape.scalar()
                : a.rank() == 1 ? Shape.vector(n)
                : b.rank() == 1 ? Shape.vector(m)
                : Shape.matrix(m, n);
        return batch.concat(tail);
    }

    /**
     * With C = op(A) op(B): the cotangent of op(A) is C̄ op(B)ᵀ and that of op(B) is op(A)ᵀ C̄; each
     * is written as one product with flags, so no transpose is materialised. Vectors are viewed as
     * one-row (left) or one-column (right) matrices; a broadcast batch is summed back.
     */
    private static Expr productVjp(boolean ta, boolean tb, Apply node, int arg, Expr ct) {
        Expr a = node.arg(0);
        Expr b = node.arg(1);
        Expr am = a.shape().rank() == 1 ? a.reshape(1, a.shape().dim(0)) : a;
        Expr bm = b.shape().rank() == 1 ? b.reshape(b.shape().dim(0), 1) : b;
        Expr cm = ct;
        if (a.shape().rank() == 1) {
            cm = cm.reshape(cm.shape().expand(b.shape().rank() == 1 ? cm.shape().rank() : -2));
        }
        if (b.shape().rank() == 1) {
            cm = cm.reshape(cm.shape().expand(cm.shape().rank()));
        }
        Expr g = arg == 0
                ? (ta ? Apply.of(new MatMul(tb, true), bm, cm) : Apply.of(new MatMul(false, !tb), cm, bm))
                : (tb ? Apply.of(new MatMul(true, ta), cm, am) : Apply.of(new MatMul(!ta, false), am, cm));
        Expr target = arg == 0 ? am : bm;
        return g.sumTo(target.shape()).reshape(node.arg(arg).shape());
    }

    private static Option<Expr> fuseTranspose(Apply node) {
        Expr a = node.arg(0);
        Expr b = node.arg(1);
        boolean ta = isMatrixTranspose(a);
        boolean tb = isMatrixTranspose(b);
        if (!ta && !tb) {
            return Option.none();
        }
        return Option.of(Apply.of(new MatMul(ta, tb), ta ? ((Apply) a).arg(0) : a, tb ? ((Apply) b).arg(0) : b));
    }

    private static boolean isMatrixTranspose(Expr e) {
        return e instanceof Apply t && t.op() instanceof Transpose p && p.swapsLastTwo();
    }
}
