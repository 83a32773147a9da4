package io.fluxion.nn;

/**
 * Max pooling, PyTorch's {@code torch.nn.MaxPool2d}: the maximum of each size × size window of
 * images (N, C, H, W), windows side by side unless a stride is given. No parameters.
 *
 * <pre>{@code Model pool = MaxPool2D.of(2);   // (N, 6, 28, 28) to (N, 6, 14, 14)}</pre>
 */
public final class MaxPool2D {
    private MaxPool2D() {}

    /** Windows of size × size side by side (stride = size, PyTorch's default). */
    public static Model of(int size) {
        return of(size, size);
    }

    /**
     * Windows of size × size every {@code stride} positions.
     *
     * @throws IllegalArgumentException if size or stride is below 1
     */
    public static Model of(int size, int stride) {
        if (size < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2D: size and stride must be at least 1, got size " + size
                    + ", stride " + stride);
        }
        return Model.of(x -> x.maxPool2d(size, stride), Params.empty());
    }
}
