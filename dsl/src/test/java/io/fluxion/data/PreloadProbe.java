package io.fluxion.data;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Preload;

/**
 * Run in a JVM of its own by {@link DatasetPreloadTest}: makes tensors, then (with the argument
 * {@code dataset}) a dataset of them, and prints whether the products' machinery began loading.
 */
public final class PreloadProbe {

    private PreloadProbe() {}

    /** {@code tensors} or {@code dataset}. */
    public static void main(String[] args) {
        Tensor x = Tensor.of(Shape.matrix(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor y = Tensor.of(Shape.matrix(2, 1), 0, 1);
        if (args[0].equals("dataset")) {
            System.out.println("rows " + Dataset.of(x, y).size());
        }
        System.out.println("loading started: " + (Preload.started() != null));
    }
}
