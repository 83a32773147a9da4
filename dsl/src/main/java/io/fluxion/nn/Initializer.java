package io.fluxion.nn;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.io.Serializable;

/**
 * Makes the initial value of a parameter from its shape; serializable, so lambdas of this type
 * are too. The random ones in {@link Initializers} take an explicit seed, so a seed always gives
 * the same tensor.
 *
 * <pre>{@code Tensor w0 = Initializers.glorotUniform(42L).apply(Shape.of(784, 10));}</pre>
 */
@FunctionalInterface
public interface Initializer extends Serializable {

    /** A tensor of the given shape. */
    Tensor apply(Shape shape);
}
