package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.interp.internal.IdentityIndex;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.vavr.collection.List;
import io.vavr.collection.Seq;

/**
 * Batching, the interpreter behind {@code vmap} (JAX's batching trace, done on the graph): an
 * expression written for one example becomes one expression for a stack of them. Each variable
 * to map is bound to a stack of its values along an axis; every node that depends on one is
 * rebuilt by its primitive's batching rule ({@link io.fluxion.expr.Primitive#batch}) with a
 * leading batch axis, and every other node is kept as it is, shared by all examples. No loop over
 * examples is unrolled: a matrix product of examples is still one product.
 *
 * <p>The walk is iterative and memoised by identity: each node is batched once however many nodes
 * share it, and a chain of a million nodes does not overflow the stack. The result is an ordinary
 * expression, so it is evaluated, differentiated, compiled and batched again like any other.
 */
public final class Vmap {
    private Vmap() {}

    /**
     * y for every example, stacked along {@code outAxis}: example e binds each variable
     * {@code vars[i]} to the slice e of {@code stacks[i]} along {@code inAxes[i]}. All stacks must
     * have the same length along their axes; a slice of each must have its variable's shape. Axes
     * count from the end when negative (the out axis as NumPy's {@code expand_dims} does). If y
     * depends on none of the variables, every example's value is y, broadcast along the new axis.
     */
    public static Expr vmap(Expr y, Seq<Var> vars, Seq<? extends Expr> stacks, Seq<Integer> inAxes, int outAxis) {
        if (vars.isEmpty() || vars.size() != stacks.size() || vars.size() != inAxes.size()) {
            throw new IllegalArgumentException("vmap: needs one stack and one axis per variable, got " + vars.size()
                    + " variables, " + stacks.size() + " stacks and " + inAxes.size() + " axes");
        }
        IdentityIndex mapped = new IdentityIndex();
        Expr[] leading = new Expr[vars.size()];
        int size = -1;
        int i = 0;
        for (Var v : vars) {
            Expr stack = stacks.get(i);
            int axis = inAxis(stack.shape(), inAxes.get(i), i);
            Shape example = stack.shape().without(axis);
            if (!example.equals(v.shape())) {
                throw new ShapeException("vmap: argument " + i + " of shape " + stack.shape() + " mapped over axis "
                        + axis + " gives examples of shape " + example + ", but '" + v.name() + "' has shape "
                        + v.shape());
            }
            int n = stack.shape().dim(axis);
            if (size >= 0 && n != size) {
                throw new ShapeException("vmap: the mapped arguments have different batch sizes: "
                        + describe(stacks, inAxes));
            }
            size = n;
            if (mapped.contains(v)) {
                throw new IllegalArgumentException("vmap: '" + v.name() + "' is mapped twice");
            }
            mapped.put(v, i);
            leading[i++] = moveAxis(stack, axis, 0);
        }
        Shape front = Shape.vector(size);
        int out = outAxis < 0 ? outAxis + y.shape().rank() + 1 : outAxis;
        if (out < 0 || out > y.shape().rank()) {
            throw new ShapeException("vmap: out axis " + outAxis + " is out of range for results of shape " + y.shape()
                    + " (a batch axis goes at 0.." + y.shape().rank() + ")");
        }
        Batched b = batch(y, mapped, leading, size);
        Expr stacked = b.mapped ? b.expr : y.reshape(y.shape().expand(0)).broadcastTo(front.concat(y.shape()));
        return moveAxis(stacked, 0, out);
    }

    /** An expression and whether it carries a leading batch axis. */
    record Batched(Expr expr, boolean mapped) {}

    /** y batched: every node that depends on a mapped variable rebuilt by its rule, the others kept. */
    private static Batched batch(Expr y, IdentityIndex mapped, Expr[] leading, int size) {
        return batchAll(List.of(y), mapped, leading, size).head();
    }

    /**
     * Several roots batched in one walk, so that a node they share is batched once (a loop body's
     * outputs, see {@link ScanBatching}); each root as it is when it depends on no mapped variable.
     */
    static List<Batched> batchAll(List<Expr> roots, IdentityIndex mapped, Expr[] leading, int size) {
        Graph.Order order = Graph.order(roots, e -> false);
        int n = order.size();
        Expr[] out = new Expr[n];
        boolean[] isMapped = new boolean[n];
        for (int i = 0; i < n; i++) {
            Expr e = order.node(i);
            out[i] = e;
            if (e instanceof Var && mapped.contains(e)) {
                out[i] = leading[mapped.get(e)];
                isMapped[i] = true;
            } else if (e instanceof Apply a) {
                int[] at = order.args(i);
                boolean any = false;
                for (int j : at) {
                    any |= isMapped[j];
                }
                if (any) {
                    out[i] = rule(a, at, out, isMapped, size);
                    isMapped[i] = true;
                }
            }
        }
        return roots.map(r -> {
            int i = order.indexOf(r);
            return new Batched(out[i], isMapped[i]);
        });
    }

    /** The node for every example, by its primitive's rule, checked to have the batch axis in front. */
    private static Expr rule(Apply a, int[] at, Expr[] out, boolean[] isMapped, int size) {
        Expr[] args = new Expr[at.length];
        Boolean[] flags = new Boolean[at.length];
        for (int j = 0; j < at.length; j++) {
            args[j] = out[at[j]];
            flags[j] = isMapped[at[j]];
        }
        Batch batch = new Batch(size, List.of(args), List.of(flags));
        Expr r = a.op().batch(a, batch).getOrElseThrow(() -> new UnsupportedOperationException("vmap: primitive '"
                + a.op().name() + "' has no batching rule; declare one (Primitive.batch, or Op.withBatchRule)"));
        Shape want = Shape.vector(size).concat(a.shape());
        if (!r.shape().equals(want)) {
            throw new IllegalStateException("the batching rule of " + a.op().name() + " gave shape " + r.shape()
                    + ", expected " + want);
        }
        return r;
    }

    private static int inAxis(Shape s, int axis, int arg) {
        int a = axis < 0 ? axis + s.rank() : axis;
        if (s.isScalar()) {
            throw new ShapeException("vmap: argument " + arg + " is a scalar (), which has no axis " + axis
                    + " to map over");
        }
        if (a < 0 || a >= s.rank()) {
            throw new ShapeException("vmap: in axis " + axis + " is out of range for argument " + arg + " of shape " + s);
        }
        return a;
    }

    private static String describe(Seq<? extends Expr> stacks, Seq<Integer> axes) {
        return stacks.zipWith(axes, (s, a) -> s.shape() + " over axis " + a).mkString(", ");
    }

    /** x with axis {@code from} moved to {@code to}, the others in order; x itself if they agree. */
    private static Expr moveAxis(Expr x, int from, int to) {
        if (from == to) {
            return x;
        }
        int r = x.shape().rank();
        int[] rest = new int[r - 1];
        for (int i = 0, k = 0; i < r; i++) {
            if (i != from) {
                rest[k++] = i;
            }
        }
        int[] perm = new int[r];
        for (int i = 0, k = 0; i < r; i++) {
            perm[i] = i == to ? from : rest[k++];
        }
        return x.transpose(perm);
    }
}
