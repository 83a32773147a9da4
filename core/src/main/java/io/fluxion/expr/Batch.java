package io.fluxion.expr;

import io.fluxion.tensor.Shape;
import io.vavr.collection.List;

/**
 * What a batching rule ({@link Primitive#batch}) is given: a node's arguments as {@code vmap}
 * rebuilt them, each either <em>mapped</em>, with a leading batch axis of length {@link #size}
 * before its per-example dimensions, or <em>shared</em> by every example (the node's own argument,
 * unchanged). At least one argument is mapped. The rule answers with the node's value for every
 * example, stacked along a leading batch axis: shape {@code (size) + node.shape()}.
 *
 * <pre>{@code
 * // an element-wise sin: the mapped argument is already a stack of the examples' arguments
 * Expr batched = b.arg(0).sin();
 * }</pre>
 *
 * @param size the number of examples (the batch axis's length)
 * @param args the arguments: mapped ones with the batch axis first, shared ones as they were
 * @param mapped for each argument, whether it is mapped
 */
public record Batch(int size, List<Expr> args, List<Boolean> mapped) {

    /** Checks that there is a flag per argument and at least one mapped argument. */
    public Batch {
        if (args.size() != mapped.size() || !mapped.contains(true)) {
            throw new IllegalArgumentException("a batch needs a flag per argument and one mapped argument, got "
                    + args.size() + " arguments and flags " + mapped);
        }
    }

    /** Argument i: mapped (batch axis first) or shared. */
    public Expr arg(int i) {
        return args.get(i);
    }

    /** Whether argument i is mapped. */
    public boolean mapped(int i) {
        return mapped.get(i);
    }

    /** The number of arguments. */
    public int arity() {
        return args.size();
    }

    /** Argument i's per-example shape: without the batch axis if it is mapped. */
    public Shape exampleShape(int i) {
        Shape s = arg(i).shape();
        return mapped(i) ? s.drop(1) : s;
    }

    /** Argument i mapped: as it is if it is, else broadcast along a new leading batch axis (every example the same). */
    public Expr stacked(int i) {
        Expr a = arg(i);
        if (mapped(i)) {
            return a;
        }
        return a.reshape(a.shape().expand(0)).broadcastTo(Shape.vector(size).concat(a.shape()));
    }

    /**
     * Argument i as it broadcasts, NumPy's way, against other arguments whose per-example values
     * have rank {@code rank}: a shared argument as it is (broadcasting aligns it from the right),
     * a mapped one with axes of length 1 inserted after the batch axis, so that its per-example
     * dimensions line up with theirs and its batch axis comes first.
     */
    public Expr aligned(int i, int rank) {
        Expr a = arg(i);
        if (!mapped(i)) {
            return a;
        }
        Shape example = a.shape().drop(1);
        if (example.rank() >= rank) {
            return a;
        }
        int[] ones = new int[rank - example.rank()];
        java.util.Arrays.fill(ones, 1);
        return a.reshape(Shape.vector(size).concat(Shape.of(ones)).concat(example));
    }

    /** The largest per-example rank of the arguments. */
    public int exampleRank() {
        int r = 0;
        for (int i = 0; i < arity(); i++) {
            r = Math.max(r, exampleShape(i).rank());
        }
        return r;
    }

    /**
     * The batch rule of a primitive that broadcasts its arguments as NumPy does, element-wise (as
     * JAX's {@code defbroadcasting} derives it) or over leading batch dimensions (as the matrix
     * functions do over {@code (..., n, n)}): the same primitive over the arguments aligned to the
     * largest per-example rank ({@link #aligned}), so that the mapped ones' batch axes meet in
     * front and the shared ones broadcast along them.
     */
    public static Expr broadcasting(Apply node, Batch b) {
        int rank = b.exampleRank();
        Expr[] args = new Expr[b.arity()];
        for (int i = 0; i < args.length; i++) {
            args[i] = b.aligned(i, rank);
        }
        return Apply.of(node.op(), args);
    }
}
