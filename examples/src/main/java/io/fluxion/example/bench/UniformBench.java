package io.fluxion.example.bench;

import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Program;
import io.fluxion.op.Keys;
import io.fluxion.op.Randomness;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Nanoseconds per element of {@code Randomness.uniform}, the primitive under {@code Dropout}: a
 * dense layer's 128×128 mask and a convolution's 64×6×24×24, in float64 and float32, each a
 * compiled program run into one buffer. Prints, per case, the median over rounds (each round
 * repeats the program for about 50 ms) and the spread of the rounds, with the load average, since
 * the figures mean little on a busy machine without it.
 *
 * <pre>
 * java -cp ... io.fluxion.example.bench.UniformBench [rounds, default 15]
 * </pre>
 */
public final class UniformBench {
    private UniformBench() {}

    /** Runs every case; the one argument is the number of rounds. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Shape[] shapes = {Shape.of(128, 128), Shape.of(64, 6, 24, 24)};
        DType[] dtypes = {DType.FLOAT64, DType.FLOAT32};
        // One untimed pass over every case first, so that the first case is not the one that
        // waits for the JIT to finish compiling the code all of them share.
        for (Shape shape : shapes) {
            for (DType dtype : dtypes) {
                measure(shape, dtype, 1);
            }
        }
        System.out.printf("# load average %s", Files.readString(Path.of("/proc/loadavg")));
        for (Shape shape : shapes) {
            for (DType dtype : dtypes) {
                double[] ns = measure(shape, dtype, rounds);
                Arrays.sort(ns);
                System.out.printf("uniform %-16s %-7s median %7.2f ns/element (rounds %.2f..%.2f), %.3f ms per tensor%n",
                        shape, dtype, ns[ns.length / 2], ns[0], ns[ns.length - 1], ns[ns.length / 2] * shape.size() / 1e6);
            }
        }
        System.out.printf("# load average %s", Files.readString(Path.of("/proc/loadavg")));
    }

    private static double[] measure(Shape shape, DType dtype, int rounds) {
        Var key = Var.of("key", Shape.vector(Keys.WORDS));
        Program program = Compile.compile(List.of(Randomness.uniform(key, shape, 1L)));
        Tensor k = Keys.of(2026);
        Bindings bindings = Bindings.of(key, dtype == DType.FLOAT32 ? k.to(DType.FLOAT32) : k);
        Buffer out = Buffer.of(shape, dtype);
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < 1_000_000_000L) {
            program.runInto(bindings, false, out);
        }
        double[] ns = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            long runs = 0;
            long now;
            do {
                program.runInto(bindings, false, out);
                runs++;
                now = System.nanoTime();
            } while (now - start < 50_000_000L);
            ns[r] = (double) (now - start) / runs / shape.size();
        }
        return ns;
    }
}
