package io.fluxion.nn;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;

/**
 * A two-dimensional convolution layer, PyTorch's {@code torch.nn.Conv2d}: images (N, C, H, W) to
 * {@code activation(conv2d(x, kernel) + bias)} of shape (N, O, oh, ow), with a kernel
 * (O, C, k, k) and a bias (O). By default stride 1, no padding, and PyTorch's initialisation:
 * kernel and bias uniform in ±1/√(C·k·k) (what its {@code kaiming_uniform_(a=√5)} comes to),
 * drawn from the seed. The variables are named {@code conv2d.kernel} and {@code conv2d.bias};
 * {@link Sequential} numbers repeated names.
 *
 * <pre>{@code
 * Model conv = Conv2D.of(1, 6, 5, 1L);                                 // torch.nn.Conv2d(1, 6, 5)
 * Model same = Conv2D.of(6, 16, 3, 1, 1, 2L, Activations.RELU);       // padding 1 keeps H × W
 * }</pre>
 */
public final class Conv2D {
    private Conv2D() {}

    /** {@code torch.nn.Conv2d(in, out, kernelSize)}: stride 1, no padding, no activation. */
    public static Model of(int inChannels, int outChannels, int kernelSize, long seed) {
        return of(inChannels, outChannels, kernelSize, 1, 0, seed, Activations.LINEAR);
    }

    /** As {@link #of(int, int, int, long)} followed by {@code activation}, such as {@link Activations#RELU}. */
    public static Model of(int inChannels, int outChannels, int kernelSize, long seed,
            SerializableFunction<Expr, Expr> activation) {
        return of(inChannels, outChannels, kernelSize, 1, 0, seed, activation);
    }

    /** With a stride and zero padding on each side, as {@code torch.nn.Conv2d(in, out, k, stride, padding)}. */
    public static Model of(int inChannels, int outChannels, int kernelSize, int stride, int padding, long seed,
            SerializableFunction<Expr, Expr> activation) {
        check(inChannels, outChannels, kernelSize, stride, padding);
        double bound = 1 / Math.sqrt((double) inChannels * kernelSize * kernelSize);
        return of("conv2d", inChannels, outChannels, kernelSize, stride, padding,
                Initializers.uniform(-bound, bound, seed), Initializers.uniform(-bound, bound, SplitMix.mix(seed)),
                activation);
    }

    /**
     * The layer in full: variables {@code name.kernel} (out, in, k, k) and {@code name.bias} (out)
     * initialised by the given initialisers.
     *
     * @throws IllegalArgumentException if a channel count or the kernel size is below 1, the stride
     *     below 1, the padding negative, or the name blank
     */
    public static Model of(String name, int inChannels, int outChannels, int kernelSize, int stride, int padding,
            Initializer kernelInit, Initializer biasInit, SerializableFunction<Expr, Expr> activation) {
        check(inChannels, outChannels, kernelSize, stride, padding);
        if (name.isBlank()) {
            throw new IllegalArgumentException("Conv2D: the name must not be blank");
        }
        Var kernel = Var.of(name + ".kernel", Shape.of(outChannels, inChannels, kernelSize, kernelSize));
        Var bias = Var.of(name + ".bias", Shape.of(outChannels));
        Params params = Params.of(kernel, kernelInit.apply(kernel.shape())).and(bias, biasInit.apply(bias.shape()));
        return Model.of(x -> activation.apply(x.conv2d(kernel, stride, padding)
                .plus(bias.reshape(outChannels, 1, 1))), params);
    }

    private static void check(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2D: channels, kernel size and stride must be at least 1 and the "
                    + "padding at least 0, got in " + inChannels + ", out " + outChannels + ", kernel size " + kernelSize
                    + ", stride " + stride + ", padding " + padding);
        }
    }
}
