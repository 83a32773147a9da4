package io.fluxion.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The real MNIST files, when present: set {@code -Dfluxion.mnist.dir=/path/to/mnist}, or place
 * them in {@code ../shared/data/mnist} next to the repository (or {@code data/mnist} inside it).
 */
class MnistRealTest {

    static Option<Path> mnistDir() {
        String property = System.getProperty("fluxion.mnist.dir");
        if (property != null) {
            return Option.of(Path.of(property)).filter(Files::isDirectory);
        }
        // Tests run in the module directory: the repository root is its parent.
        List<Path> ancestors = io.vavr.collection.Stream.iterate(Path.of("").toAbsolutePath(), Path::getParent)
                .takeWhile(p -> p != null).take(3).toList();
        return ancestors.flatMap(p -> List.of(p.resolve("../shared/data/mnist"), p.resolve("data/mnist")))
                .map(Path::normalize)
                .find(p -> Files.isRegularFile(p.resolve("train-images-idx3-ubyte.gz")));
    }

    @Test
    void theRealFilesHaveTheKnownShapeRangeAndFirstLabel() {
        Option<Path> dir = mnistDir();
        assumeTrue(dir.isDefined(), "MNIST files not found (fluxion.mnist.dir="
                + System.getProperty("fluxion.mnist.dir", "unset") + "): run with -Dfluxion.mnist.dir=/path/to/mnist, "
                + "the folder holding train-images-idx3-ubyte.gz and the others; the README shows how to download them");
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
