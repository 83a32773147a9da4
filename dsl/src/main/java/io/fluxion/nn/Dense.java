package io.fluxion.nn;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;

/**
 * A fully connected layer, Keras's {@code Dense}: {@code activation(x @ kernel + bias)} with a
 * kernel of shape (in, units) and a bias of shape (units), taking inputs of shape (batch, in) to
 * (batch, units). By default the kernel is Glorot-uniform from the seed, the bias zero and the
 * activation linear, as in Keras; the variables are named {@code dense.kernel} and
 * {@code dense.bias}, with a dot as PyTorch's state dicts (a slash cannot name an entry of a
 * checkpoint file), and {@link Sequential} renames repeated names as Keras does.
 *
 * <pre>{@code
 * Model dense = Dense.of(1, 1, 42L);
 * Model hidden = Dense.of(784, 128, 1L, Activations.RELU);
 * }</pre>
 */
public final class Dense {
    private Dense() {}

    /** A linear layer from in to units, kernel Glorot-uniform from {@code seed}, bias zero. */
    public static Model of(int in, int units, long seed) {
        return of(in, units, seed, Activations.LINEAR);
    }

    /** As {@link #of(int, int, long)} followed by {@code activation}, such as {@link Activations#RELU}. */
    public static Model of(int in, int units, long seed, SerializableFunction<Expr, Expr> activation) {
        return of("dense", in, units, Initializers.glorotUniform(seed), Initializers.zeros(), activation);
    }

    /**
     * The layer in full: variables {@code name.kernel} and {@code name.bias} initialised by the
     * given initialisers: {@code Dense.of("out", 128, 10, heNormal(3L), zeros(), Activations.SOFTMAX)}.
     *
     * @throws IllegalArgumentException if in or units is below 1, or the name is blank
     */
    public static Model of(String name, int in, int units, Initializer kernelInit, Initializer biasInit,
            SerializableFunction<Expr, Expr> activation) {
        if (in < 1 || units < 1) {
            throw new IllegalArgumentException("Dense: in and units must be at least 1, got in " + in
                    + ", units " + units);
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("Dense: the name must not be blank");
        }
        Var kernel = Var.of(name + ".kernel", Shape.of(in, units));
        Var bias = Var.of(name + ".bias", Shape.of(units));
        Params params = Params.of(kernel, kernelInit.apply(kernel.shape())).and(bias, biasInit.apply(bias.shape()));
        return Model.of(x -> activation.apply(x.matmul(kernel).plus(bias)), params);
    }
}
