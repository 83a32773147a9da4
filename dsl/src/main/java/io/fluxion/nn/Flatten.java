package io.fluxion.nn;

import io.fluxion.tensor.ShapeException;

/**
 * Every axis after the first joined into one, PyTorch's {@code torch.nn.Flatten()}: (N, C, H, W)
 * to (N, C·H·W), so that dense layers can follow convolutions. No parameters.
 *
 * <pre>{@code Sequential.of(Conv2D.of(1, 6, 5, 1L), Flatten.of(), Dense.of(6 * 24 * 24, 10, 2L))}</pre>
 */
public final class Flatten {
    private Flatten() {}

    /** The layer; an input of rank 0 is an error naming its shape. */
    public static Model of() {
        return Model.of(x -> {
            if (x.shape().rank() < 1) {
                throw new ShapeException("Flatten: needs a batch (N, ...), got a scalar " + x.shape());
            }
            return x.reshape(x.shape().dim(0), x.shape().drop(1).size());
        }, Params.empty());
    }
}
