package io.fluxion.data;

import io.fluxion.tensor.Tensor;
import java.nio.file.Path;

/**
 * Run in a JVM of its own with a small heap by {@link MemoryLimitTest}: reads a file as the first
 * argument says and prints one line, what came back or what was thrown (an OutOfMemoryError too).
 */
public final class LoadProbe {

    private LoadProbe() {}

    /** {@code npz FILE}, {@code idx FILE} or {@code mnist DIR}. */
    public static void main(String[] args) {
        Path file = Path.of(args[1]);
        try {
            String what = switch (args[0]) {
                case "npz" -> Npz.read(file).map(kv -> kv._1 + " " + summary(kv._2)).mkString(", ");
                case "idx" -> summary(Idx.read(file));
                case "mnist" -> {
                    Mnist m = Mnist.load(file);
                    yield m.train().size() + " training and " + m.test().size() + " test examples";
                }
                default -> throw new IllegalArgumentException(args[0]);
            };
            System.out.println("loaded: " + what);
        } catch (Throwable t) {
            System.out.println("thrown: " + t.getClass().getName() + ": " + t.getMessage());
        }
    }

    /** Shape and sum, which tells zeros from anything else. */
    private static String summary(Tensor t) {
        return t.shape() + " sum " + t.sum();
    }
}
