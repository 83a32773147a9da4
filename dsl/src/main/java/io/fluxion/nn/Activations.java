package io.fluxion.nn;

import io.fluxion.expr.Expr;

/**
 * The usual activations, as serializable functions to pass to {@link Dense}.
 *
 * <pre>{@code Dense.of(784, 128, 1L, Activations.RELU)}</pre>
 */
public final class Activations {
    private Activations() {}

    /** The identity (Keras's {@code "linear"}), the default of {@link Dense}. */
    public static final SerializableFunction<Expr, Expr> LINEAR = x -> x;
    /** max(x, 0). */
    public static final SerializableFunction<Expr, Expr> RELU = Expr::relu;
    /** 1 / (1 + e^-x). */
    public static final SerializableFunction<Expr, Expr> SIGMOID = Expr::sigmoid;
    /** The hyperbolic tangent. */
    public static final SerializableFunction<Expr, Expr> TANH = Expr::tanh;
    /** log(1 + e^x). */
    public static final SerializableFunction<Expr, Expr> SOFTPLUS = Expr::softplus;
    /**
     * Softmax along the last axis. Followed by {@link Losses#crossEntropy}, whose {@code log}
     * turns {@code log(softmax(z))} into the stable {@code logSoftmax(z)}.
     */
    public static final SerializableFunction<Expr, Expr> SOFTMAX = x -> x.softmax();
}
