package io.fluxion.data;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Storage;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The MNIST digits: 60,000 training and 10,000 test images of 28×28 pixels with their labels.
 *
 * <p>x holds the pixels divided by 255, shape {@code (n, 784)}; y the labels one-hot, shape
 * {@code (n, 10)}; both float64, or float32 from {@link #load(Path, DType)}. The pixels are kept
 * as the bytes they are in the files (47 MB for the training set) and divided per batch (into
 * float32 straight from the bytes, for float32), bit for bit as dividing all of them would give:
 * the whole set takes about 60 MB, where doubles would take 430 MB. {@code train().x()} makes the
 * 376 MB of doubles on each call; batches and {@code test().x()} (63 MB) are what training needs.
 *
 * <pre>{@code Mnist m = Mnist.load(Path.of("data/mnist"));  m.train().size() == 60000
 * Mnist m32 = Mnist.load(Path.of("data/mnist"), DType.FLOAT32);   // batches of float32}</pre>
 *
 * @param train the 60,000 training examples
 * @param test the 10,000 test examples
 */
public record Mnist(Dataset train, Dataset test) {

    /** The four file names, each accepted raw or with {@code .gz}. */
    static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private static final int SIDE = 28;
    private static final int CLASSES = 10;

    /** Checks that both parts are present. */
    public Mnist {
        java.util.Objects.requireNonNull(train, "train");
        java.util.Objects.requireNonNull(test, "test");
    }

    /**
     * Reads the four original IDX files (raw or gzipped) from {@code dir}.
     *
     * @throws UncheckedIOException if a file is missing: the message names the directory, the files
     *     expected and where to download them
     * @throws MalformedFileException if a file is not what its name says, labels are outside 0..9,
     *     or images and labels disagree in number
     */
    public static Mnist load(Path dir) {
        return load(dir, DType.FLOAT64);
    }

    /**
     * As {@link #load(Path)}, with x and y of {@code dtype}: in float32 each batch's pixels are
     * {@code pixel / 255} rounded to float32, converted straight from the bytes (the same values
     * as {@code load(dir).train().to(DType.FLOAT32)}, and as {@code torchvision}'s {@code ToTensor}).
     *
     * @throws UncheckedIOException as {@link #load(Path)}
     * @throws MalformedFileException as {@link #load(Path)}
     */
    public static Mnist load(Path dir, DType dtype) {
        java.util.Objects.requireNonNull(dtype, "Mnist.load: dtype");
        List<Option<Path>> found = FILES.map(name -> find(dir, name));
        if (found.exists(Option::isEmpty)) {
            List<String> absent = FILES.zip(found).filter(p -> p._2.isEmpty()).map(p -> p._1);
            String missing = absent.map(name -> name + "(.gz)").mkString(", ");
            throw new UncheckedIOException("MNIST: " + dir.toAbsolutePath() + " lacks " + missing
                    + "; it needs the four files " + FILES.map(f -> f + ".gz").mkString(", ")
                    + " (or the same names unzipped). Download them from "
                    + "https://storage.googleapis.com/cvdf-datasets/mnist/ as the README's MNIST section shows.",
                    new NoSuchFileException(dir.resolve(absent.head() + ".gz").toString()));
        }
        List<Path> f = found.map(Option::get);
        return new Mnist(dataset(f.get(0), f.get(1)).to(dtype), dataset(f.get(2), f.get(3)).to(dtype));
    }

    private static Option<Path> find(Path dir, String name) {
        return List.of(dir.resolve(name), dir.resolve(name + ".gz")).find(Files::isRegularFile);
    }

    private static Dataset dataset(Path imagesFile, Path labelsFile) {
        // Pixels stay bytes (1 per element); each label becomes a byte and ten doubles.
        Idx.Bytes images = Idx.unsignedBytes(imagesFile, h -> {
            List<Integer> dims = h.dims();
            if (h.type() != IdxType.UBYTE || dims.size() != 3 || dims.get(1) != SIDE || dims.get(2) != SIDE) {
                throw new MalformedFileException(imagesFile, "expected MNIST images, " + IdxType.UBYTE
                        + " of dimensions n x 28 x 28, found " + h.type() + " of dimensions " + dims.mkString(" x "));
            }
        }, 1);
        Idx.Bytes labels = Idx.unsignedBytes(labelsFile, h -> {
            if (h.type() != IdxType.UBYTE || h.dims().size() != 1) {
                throw new MalformedFileException(labelsFile, "expected MNIST labels, " + IdxType.UBYTE
                        + " of rank 1, found " + h.type() + " of dimensions " + h.dims().mkString(" x "));
            }
        }, 1 + CLASSES * Double.BYTES);
        int n = images.header().dims().head();
        int m = labels.header().dims().head();
        if (n != m) {
            throw new MalformedFileException("MNIST: " + imagesFile + " holds " + n + " images but "
                    + labelsFile + " holds " + m + " labels; they must come in pairs");
        }
        Rows pixels = Rows.UnsignedBytes.of(Shape.of(n, SIDE * SIDE), images.data(), 255);
        return Dataset.of(pixels, new Rows.Dense(oneHot(labels.data(), labelsFile)));
    }

    /** The labels one-hot, decoded straight into the tensor's storage. */
    private static Tensor oneHot(byte[] labels, Path file) {
        Buffer y = Buffer.of(Shape.of(labels.length, CLASSES));
        double[] out = Storage.write(y);
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= CLASSES) {
                throw new MalformedFileException(file, "label " + label + " at index " + i
                        + " is outside 0.." + (CLASSES - 1));
            }
            out[i * CLASSES + label] = 1;
        }
        return Storage.view(y);
    }
}
