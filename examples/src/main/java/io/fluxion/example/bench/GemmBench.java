package io.fluxion.example.bench;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import dev.ludovic.netlib.blas.BLAS;
import io.fluxion.tensor.internal.Blas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Matrix products of the sizes training meets, side by side in one run: netlib's BLAS called as it
 * comes (one call per product; with OpenBLAS, first on its default threads, then on one), and
 * Fluxion's {@code Blas.gemm}, which runs OpenBLAS on the calling thread and cuts large products
 * into parts on its own threads, in float64 ({@code dgemm}) and in float32 ({@code sgemm}, on the
 * same numbers rounded). Prints, per size, the median over rounds of each round's median time,
 * and the spread of the round medians.
 *
 * <pre>
 * ./mvnw -B -o -q -Pgemmbench -DskipTests verify -Dgemmbench.args=5
 * ./mvnw -B -o -q -Pgemmbench -DskipTests verify \
 *   -Dgemmbench.jvm="-Ddev.ludovic.netlib.blas.nativeLib=/nonexistent --add-modules=jdk.incubator.vector"
 * </pre>
 *
 * <p>The second, with the native library out of reach, compares netlib's pure-Java pick,
 * {@code VectorBLAS}, with Fluxion's, {@code Java11BLAS}. The one argument: rounds (default 5).
 */
public final class GemmBench {
    private GemmBench() {}

    private record Size(String name, int m, int n, int k, boolean ta) {}

    private record Contender(String name, Runnable setUp, Product product) {}

    @FunctionalInterface
    private interface Product {
        void run(double[] a, boolean ta, double[] b, int m, int n, int k, double[] c);
    }

    /** Runs the comparison; the one argument is the number of rounds. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        // Fluxion first, so that it loads OpenBLAS with the kernels it chooses: every contender
        // below calls that one loaded library, and differs only in its threads.
        String kernels = Blas.kernels();
        BLAS netlib = BLAS.getInstance();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("# %d cores, netlib picks %s, Fluxion uses %s, kernels %s; threading: %s;"
                + " OPENBLAS_NUM_THREADS=%s%n", cores, netlib.getClass().getSimpleName(), Blas.implementation(),
                kernels, Blas.threadingDescription(), System.getenv("OPENBLAS_NUM_THREADS"));
        Function setThreads = openBlasSetThreads(netlib);
        Product direct = (a, ta, b, m, n, k, c) ->
                netlib.dgemm("N", ta ? "T" : "N", n, m, k, 1.0, b, 0, n, a, 0, ta ? m : k, 0.0, c, 0, n);
        Product fluxion = (a, ta, b, m, n, k, c) -> Blas.gemm(a, 0, ta, b, 0, false, m, n, k, c, 0);
        List<Contender> contenders = new ArrayList<>();
        if (setThreads != null) {
            contenders.add(new Contender("OpenBLAS, " + cores + " threads (its default)",
                    () -> setThreads.invoke(new Object[] {cores}), direct));
            contenders.add(new Contender("OpenBLAS, 1 thread", () -> setThreads.invoke(new Object[] {1}), direct));
        } else {
            contenders.add(new Contender(netlib.getClass().getSimpleName() + ", one call", () -> { }, direct));
        }
        String ours = "Fluxion Blas.gemm (" + Blas.implementation() + ", " + Blas.threads() + " threads)";
        // Fluxion set OpenBLAS to one thread when it started; the contenders above changed it since.
        contenders.add(new Contender(ours, () -> {
            if (setThreads != null) {
                setThreads.invoke(new Object[] {1});
            }
        }, fluxion));

        List<Size> sizes = List.of(new Size("S4 forward, 100x784 . 784x10", 100, 10, 784, false),
                new Size("S4 dW, (784x100)T-read . 100x10", 784, 10, 100, true),
                new Size("MLP hidden layer, 128x784 . 784x128", 128, 128, 784, false),
                new Size("500x500 . 500x500", 500, 500, 500, false),
                new Size("2000x2000 . 2000x2000", 2000, 2000, 2000, false));
        Random r = new Random(1);
        for (Size s : sizes) {
            double[] a = new double[s.m * s.k];
            double[] b = new double[s.k * s.n];
            Arrays.setAll(a, i -> r.nextDouble() - 0.5);
            Arrays.setAll(b, i -> r.nextDouble() - 0.5);
            double[][] c = new double[contenders.size()][s.m * s.n];
            double[][] medians = new double[contenders.size()][rounds + 1];
            float[] af = toFloats(a);
            float[] bf = toFloats(b);
            float[] cf = new float[s.m * s.n];
            double[] floatMedians = new double[rounds + 1];
            for (int round = 0; round <= rounds; round++) {
                for (int i = 0; i < contenders.size(); i++) {
                    Contender x = contenders.get(i);
                    x.setUp.run();
                    medians[i][round] = medianMicros(x.product, a, s, b, c[i]);
                }
                floatMedians[round] = medianMicros((x, ta, y, m, n, k, z) -> Blas.gemm(af, 0, ta, bf, 0, false, m, n, k,
                        cf, 0), a, s, b, c[0]);
            }
            System.out.println(s.name + ":");
            for (int i = 0; i < contenders.size(); i++) {
                // Round 0 warms up and is left out.
                double[] timed = Arrays.copyOfRange(medians[i], 1, rounds + 1);
                Arrays.sort(timed);
                System.out.printf("  %-48s %10.1f µs  (rounds %.1f-%.1f)  %s%n", contenders.get(i).name,
                        timed[timed.length / 2], timed[0], timed[timed.length - 1], i == 0 ? "" : sameBits(c[0], c[i]));
            }
            double[] timed = Arrays.copyOfRange(floatMedians, 1, rounds + 1);
            Arrays.sort(timed);
            System.out.printf("  %-48s %10.1f µs  (rounds %.1f-%.1f)  %s%n", ours.replace("Blas.gemm", "Blas.gemm float32"),
                    timed[timed.length / 2], timed[0], timed[timed.length - 1], floatError(c[0], cf));
        }
        if (setThreads != null) {
            setThreads.invoke(new Object[] {1});
        }
    }

    private static double medianMicros(Product p, double[] a, Size s, double[] b, double[] c) {
        long work = (long) s.m * s.n * s.k;
        int reps = (int) Math.max(3, Math.min(400, 4_000_000_000L / Math.max(1, work * 10)));
        long[] t = new long[reps];
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            p.run(a, s.ta, b, s.m, s.n, s.k, c);
            t[i] = System.nanoTime() - start;
        }
        Arrays.sort(t);
        return t[reps / 2] / 1e3;
    }

    private static String sameBits(double[] first, double[] other) {
        if (Arrays.equals(first, other)) {
            return "same bits as the first";
        }
        double worst = 0;
        for (int i = 0; i < first.length; i++) {
            worst = Math.max(worst, Math.abs(first[i] - other[i]));
        }
        return String.format("bits differ from the first (largest difference %.1e)", worst);
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** How far the float32 product is from the first float64 one, relative to its largest element. */
    private static String floatError(double[] wide, float[] narrow) {
        double worst = 0;
        double big = 0;
        for (int i = 0; i < wide.length; i++) {
            worst = Math.max(worst, Math.abs(wide[i] - narrow[i]));
            big = Math.max(big, Math.abs(wide[i]));
        }
        return String.format("largest difference from the first %.1e of its largest element", worst / big);
    }

    private static Function openBlasSetThreads(BLAS netlib) {
        if (!netlib.getClass().getSimpleName().equals("JNIBLAS")) {
            return null;
        }
        try {
            return NativeLibrary.getInstance(System.getProperty("dev.ludovic.netlib.blas.nativeLib", "libblas.so.3"))
                    .getFunction("openblas_set_num_threads");
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }
}
