package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Primitive;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.function.IntFunction;

/**
 * vmap's rules shared by the primitive families (see {@link Primitive#batch}): the batch axis of
 * a mapped argument always comes first, so most rules apply the same primitive with its axes one
 * place along; the products and the gathers, whose examples cannot simply be stacked in front,
 * fold the batch into dimensions the primitive already loops over.
 */
final class Batching {
    private Batching() {}

    /** The axes of a per-example shape of this rank, moved one place along past the batch axis. */
    static Axes shift(Axes axes, int exampleRank) {
        long m = axes.equals(Axes.ALL) ? (1L << exampleRank) - 1 : axes.mask();
        return new Axes(m << 1);
    }

    /**
     * A reduction of the one mapped argument over its per-example axes moved past the batch axis,
     * built by {@code make}; a reduction of a scalar example over all (of its none) axes is the example itself.
     */
    static Expr reduction(Batch b, Axes axes, java.util.function.Function<Axes, Primitive> make) {
        int rank = b.exampleShape(0).rank();
        Axes shifted = shift(axes, rank);
        return shifted.mask() == 0 ? b.arg(0) : Apply.of(make.apply(shifted), b.arg(0));
    }

    /** {@code make(axis + 1)} over every argument stacked: for primitives of one axis whose arguments share a shape. */
    static Expr alongAxis(Batch b, int axis, IntFunction<Primitive> make) {
        Expr[] args = new Expr[b.arity()];
        for (int i = 0; i < args.length; i++) {
            args[i] = b.stacked(i);
        }
        return Apply.of(make.apply(axis + 1), args);
    }

    /** The same primitive over the one mapped argument: for primitives that already map over leading axes. */
    static Expr same(Apply node, Batch b) {
        return Apply.of(node.op(), b.arg(0));
    }

    /** x with axis {@code from} moved to {@code to}, the others in order. */
    static Expr moveAxis(Expr x, int from, int to) {
        int r = x.shape().rank();
        int[] rest = new int[r - 1];
        int[] perm = new int[r];
        for (int i = 0, k = 0; i < r; i++) {
            if (i != from) {
                rest[k++] = i;
            }
        }
        for (int i = 0, k = 0; i < r; i++) {
            perm[i] = i == to ? from : rest[k++];
        }
        return Linalg.transpose(x, perm);
    }

    /**
     * The matrix product of examples. A mapped left operand times a shared matrix is one product
     * of all the examples' rows stacked (as {@code (n·m, k) · (k, p)}); a shared matrix times mapped
     * vectors is one product with the vectors as rows ({@code (n, k) · op(a)ᵀ}); otherwise vectors
     * become one-row (left) or one-column (right) matrices and the batch axis joins the product's
     * batch dimensions, which broadcast.
     */
    static Expr matmul(Linalg.MatMul op, Apply node, Batch b) {
        int n = b.size();
        Shape out = Shape.vector(n).concat(node.shape());
        Shape as = b.exampleShape(0);
        Shape bs = b.exampleShape(1);
        if (b.mapped(0) && !b.mapped(1) && bs.rank() == 2 && !op.transposeA()) {
            Expr rows = b.arg(0).reshape(b.arg(0).shape().size() / as.dim(-1), as.dim(-1));
            return Apply.of(op, rows, b.arg(1)).reshape(out);
        }
        if (!b.mapped(0) && b.mapped(1) && as.rank() == 2 && bs.rank() == 1) {
            return Apply.of(new Linalg.MatMul(false, !op.transposeA()), b.arg(1), b.arg(0));
        }
        Expr left = as.rank() == 1 ? asMatrix(b, 0, 0) : b.arg(0);
        Expr right = bs.rank() == 1 ? asMatrix(b, 1, 1) : b.arg(1);
        Batch matrices = new Batch(n, io.vavr.collection.List.of(left, right), b.mapped());
        int rank = matrices.exampleRank();
        return Apply.of(op, matrices.aligned(0, rank), matrices.aligned(1, rank)).reshape(out);
    }

    /** Argument i, a vector per example, as a one-row ({@code at} 0) or one-column ({@code at} 1) matrix. */
    private static Expr asMatrix(Batch b, int i, int at) {
        Expr v = b.arg(i);
        return v.reshape(v.shape().expand(v.shape().rank() - 1 + at));
    }

    /**
     * A gather of examples: mapped values gather along their axis moved past the batch axis;
     * mapped indices into shared values gather with the batch axis among the indices' axes; and
     * when both are mapped, the batch axis joins the gathered one ({@code n·length} long) and each
     * example's indices are offset to its own block.
     */
    static Expr take(int axis, Batch b) {
        if (!b.mapped(1)) {
            return Apply.of(new Structure.Take(axis + 1), b.arg(0), b.arg(1));
        }
        if (!b.mapped(0)) {
            return moveAxis(Apply.of(new Structure.Take(axis), b.arg(0), b.arg(1)), axis, 0);
        }
        Expr x = moveAxis(b.arg(0), 0, axis);
        Shape xs = x.shape();
        int length = xs.dim(axis + 1);
        Expr joined = x.reshape(xs.take(axis).concat(Shape.vector(b.size() * length)).concat(xs.drop(axis + 2)));
        Expr indices = offsets(b, 1, length);
        return moveAxis(Apply.of(new Structure.Take(axis), joined, indices), axis, 0);
    }

    /**
     * The transpose of {@link #take}: shared indices scatter mapped values along their axis moved
     * past the batch axis; mapped indices scatter into {@code n·length} places along the axis,
     * each example's into its own block, which are then split off as the batch axis.
     */
    static Expr scatterAdd(int axis, int length, Batch b) {
        if (!b.mapped(1)) {
            return Apply.of(new Structure.ScatterAdd(axis + 1, length), b.arg(0), b.arg(1));
        }
        Expr values = moveAxis(b.stacked(0), 0, axis);
        Expr indices = offsets(b, 1, length);
        Expr joined = Apply.of(new Structure.ScatterAdd(axis, b.size() * length), values, indices);
        Shape js = joined.shape();
        Expr split = joined.reshape(js.take(axis).concat(Shape.matrix(b.size(), length)).concat(js.drop(axis + 1)));
        return moveAxis(split, axis, 0);
    }

    /** Mapped indices (argument i) plus {@code length} times each example's number, so that example e's fall in block e. */
    private static Expr offsets(Batch b, int i, int length) {
        Expr idx = b.arg(i);
        int n = b.size();
        double[] start = new double[n];
        for (int e = 0; e < n; e++) {
            start[e] = (double) e * length;
        }
        int[] dims = new int[idx.shape().rank()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = n;
        return idx.plus(new Const(Tensor.of(Shape.of(dims), start)));
    }
}
