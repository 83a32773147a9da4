package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The real MNIST files, when present where {@link MnistFolder} looks (skipped otherwise). */
class MnistRealTest {

    @Test
    void theRealFilesHaveTheKnownShapeRangeAndFirstLabel() {
        Option<Path> dir = MnistFolder.find();
        assumeTrue(dir.isDefined(), MnistFolder::notFound);
        Mnist m = Mnist.load(dir.get());
        assertEquals(60_000, m.train().size());
        assertEquals(10_000, m.test().size());
        for (Dataset d : List.of(m.train(), m.test())) {
            int n = d.size();
            assertEquals(Shape.of(n, 784), d.x().shape());
            assertEquals(Shape.of(n, 10), d.y().shape());
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Batch b : d.batches(5000)) {
                for (double p : b.x().toArray()) {
                    min = Math.min(min, p);
                    max = Math.max(max, p);
                }
                double[] y = b.y().toArray();
                for (int i = 0; i < b.size(); i++) {
                    double sum = 0;
                    for (int c = 0; c < 10; c++) {
                        double v = y[i * 10 + c];
                        assertEquals(true, v == 0 || v == 1, "one-hot element " + v);
                        sum += v;
                    }
                    assertEquals(1.0, sum, "one-hot row " + (b.index() * 5000 + i) + " sums to 1");
                }
            }
            assertEquals(0.0, min, "darkest pixel");
            assertEquals(1.0, max, "brightest pixel (255 / 255)");
        }
        assertEquals(1.0, m.train().y().get(0, 5), "the first training digit is a 5");
    }
}
