package io.fluxion.expr;

/**
 * What a primitive's {@link Primitive#share} rule may ask about the program being compiled: which
 * other computations it makes, so that a node can read a value the program computes anyway
 * instead of computing it again inside its own kernel (as softmax cross-entropy reads the softmax
 * its gradient needs, rather than taking a second pass of exponentials).
 *
 * <p>Nodes are matched by structure, as {@code compile} merges them: an equal primitive over
 * arguments that are the same node or equal by this rule, so two separately built copies of one
 * logical expression count as one.
 */
public interface Sharing {
    /**
     * Whether the program applies {@code op} (a primitive equal to it: the same operation and
     * parameters) with {@code first} as its first argument, whatever its other arguments. An
     * argument the program does not contain (such as a node another share rule has just built)
     * is never applied to.
     */
    boolean applies(Primitive op, Expr first);
}
