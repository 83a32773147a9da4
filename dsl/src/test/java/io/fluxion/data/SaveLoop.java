package io.fluxion.data;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a JVM of its own by {@link NpzTempFilesTest}: saves one large checkpoint over and over
 * until it is killed, save i holding {@code w}, n copies of i, and {@code i}.
 * With a third argument, a file: waits inside the first save, before its first entry, until that
 * file exists, having printed {@code writing}.
 */
public final class SaveLoop {

    private SaveLoop() {}

    /** {@code FILE ELEMENTS [GO]}. */
    public static void main(String[] args) throws InterruptedException {
        Path file = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        if (args.length > 2) {
            Path go = Path.of(args[2]);
            Npz.write(file, version(n, 1), name -> {
                System.out.println("writing");
                System.out.flush();
                while (!Files.exists(go)) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            System.out.println("saved");
            return;
        }
        for (int i = 1; ; i++) {
            Npz.write(file, version(n, i));
        }
    }

    /** Save i: {@code w} holds n copies of i, {@code i} holds i. */
    static LinkedHashMap<String, Tensor> version(int n, int i) {
        return LinkedHashMap.of("w", Tensor.full(Shape.of(n), i), "i", Tensor.scalar(i));
    }
}
