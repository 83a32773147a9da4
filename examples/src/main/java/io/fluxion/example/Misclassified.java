package io.fluxion.example;

import io.fluxion.data.Dataset;
import io.fluxion.example.plot.ImageGrid;
import io.fluxion.nn.Model;
import io.fluxion.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The test examples a classifier gets wrong: their indices, true and predicted classes (the
 * argmax of the one-hot target and of the prediction, first maximum on ties, as the accuracy
 * counts), and a grid of the first of them as images.
 *
 * @param images the test inputs, one image per row
 * @param rows the indices of the misclassified examples, in test order
 * @param truth their true classes
 * @param predicted the classes predicted for them
 */
record Misclassified(Tensor images, int[] rows, int[] truth, int[] predicted) {

    /** The examples of {@code test} that {@code model} classifies wrongly. */
    static Misclassified of(Model model, Dataset test) {
        int[] predicted = argmax(model.predict(test.x()));
        int[] truth = argmax(test.y());
        int[] rows = IntStream.range(0, truth.length).filter(i -> truth[i] != predicted[i]).toArray();
        return new Misclassified(test.x(), rows, Arrays.stream(rows).map(i -> truth[i]).toArray(),
                Arrays.stream(rows).map(i -> predicted[i]).toArray());
    }

    /** How many examples are wrong. */
    int count() {
        return rows.length;
    }

    /** The first {@code n} as a labelled grid of 8 columns, saved as {@code folder/name.png}. */
    Path grid(Path folder, String name, int n, int epochs) {
        int k = Math.min(n, rows.length);
        if (k == 0) {
            throw new IllegalStateException("no misclassified digit to draw: the model is right on every test image");
        }
        int[] first = Arrays.copyOf(rows, k);
        String title = String.format("The first %d of %d misclassified test digits (after %d epoch%s)", k, rows.length,
                epochs, epochs == 1 ? "" : "s");
        return ImageGrid.predictions(folder, name, title, images.takeRows(first), Arrays.copyOf(truth, k),
                Arrays.copyOf(predicted, k), 8);
    }

    /** The index of the first maximum of each row of an (n, classes) tensor. */
    static int[] argmax(Tensor t) {
        return Arrays.stream(t.argmax(1).toArray()).mapToInt(c -> (int) c).toArray();
    }
}
