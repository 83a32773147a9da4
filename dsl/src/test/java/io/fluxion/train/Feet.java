package io.fluxion.train;

import io.fluxion.data.Dataset;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;

/** Recipe S5's data: seven lengths in metres, as x (7, 1), and in feet, as y (7, 1). */
final class Feet {
    static final double[] METRES = {1, 8, 4, 5, 12, 10, 17};
    static final double[] FEET = {3.28084, 26.24672, 13.12336, 16.4042, 39.37008, 32.8084, 55.77428};
    static final Dataset DATA = Dataset.of(Tensor.of(Shape.of(7, 1), METRES), Tensor.of(Shape.of(7, 1), FEET));

    private Feet() {}
}
