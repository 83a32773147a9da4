package io.fluxion.example.bench;

import io.fluxion.data.Mnist;
import io.fluxion.example.MnistCnn;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Metrics;
import io.fluxion.nn.Model;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.DType;
import io.fluxion.train.Epoch;
import io.fluxion.train.Training;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Recipe S6's epoch timed against PyTorch: the LeNet-5-like network of {@link MnistCnn#lenet}
 * (softmax cross-entropy of the logits, Adam 1e-3, batches of 64 shuffled every epoch, 938 steps),
 * through {@link Training}, in float64 and float32; in the same run, when a Python with PyTorch is
 * found, {@code examples/src/main/python/mnist_cnn_torch.py} trains the same network in PyTorch
 * eager with 1 and 2 threads in each dtype, as child processes. Prints each contender's seconds per
 * epoch (the first Fluxion epoch of a dtype, which compiles and warms the JIT, and PyTorch's
 * warm-up epoch left out of the medians), the ratio of Fluxion's to PyTorch's faster setting in
 * each dtype, and the test accuracies.
 *
 * <pre>
 * ./mvnw -B -o -Pcnnbench -DskipTests verify -Dmnist=/path/to/mnist
 * </pre>
 *
 * <p>Arguments: {@code --mnist DIR} (or {@code -Dfluxion.mnist.dir}), {@code --scripts DIR},
 * {@code --python EXE}, {@code --epochs N} per contender (3), {@code --dtypes float64,float32},
 * {@code --no-python}, {@code --batches N}: every contender's epochs run over the first N batches of
 * the training set only (the same rows on both sides), so that a side-by-side run takes a minute or
 * two; the seconds printed are still scaled to a whole epoch of 938 batches.
 */
public final class MnistCnnBench {
    static final int BATCH = 64;
    private MnistCnnBench() {}

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) {
        java.util.Map<String, String> a = Bench.options(args);
        Path mnistDir = Bench.mnist(a);
        int epochs = Integer.parseInt(a.getOrDefault("--epochs", "3"));
        List<String> dtypes = List.of(a.getOrDefault("--dtypes", "float64,float32").split(","));
        int batches = Integer.parseInt(a.getOrDefault("--batches", "0"));
        if (batches < 0) {
            throw new IllegalArgumentException("--batches: need a number of batches >= 1 (or 0 for whole epochs), got "
                    + batches);
        }
        Path scripts = Bench.scripts(a, "mnist_cnn_torch.py");
        System.out.println(Bench.machine());
        Mnist all = Mnist.load(mnistDir);
        int rows = batches == 0 ? all.train().size() : Math.min(all.train().size(), batches * BATCH);
        Mnist mnist = new Mnist(all.train().take(rows), all.test());
        // Seconds per short epoch times this are seconds per whole epoch (batches of 64 cost alike).
        double scale = (double) all.train().size() / rows;
        if (rows < all.train().size()) {
            System.out.printf("epochs of the first %d training rows, seconds scaled by %.3f to 60,000 rows%n", rows, scale);
        }
        Option<String> torch = a.containsKey("--no-python") ? Option.none()
                : PythonPeer.find(Option.of(a.get("--python")), "torch, numpy");
        System.out.println("Python with torch: " + torch.getOrElse("none"));
        LinkedHashMap<String, double[]> times = LinkedHashMap.empty();
        LinkedHashMap<String, String> notes = LinkedHashMap.empty();
        for (String dtype : dtypes) {
            DType d = dtype.equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
            Mnist data = d == DType.FLOAT64 ? mnist : new Mnist(mnist.train().to(d), mnist.test().to(d));
            String name = "Fluxion " + dtype;
            double[][] f = scaled(fluxion(data, epochs, d), scale);
            System.out.printf("%s: epochs (s) %s; CPU (s) %s; test accuracy %.4f%n", name, Bench.format(f[0]),
                    Bench.format(f[1]), f[2][0]);
            times = Bench.add(times, name, Arrays.copyOfRange(f[0], 1, f[0].length));
            notes = notes.put(name, String.format("first epoch %.1f s; test accuracy %.4f after %d epochs", f[0][0],
                    f[2][0], epochs));
            for (int threads : new int[] {1, 2}) {
                if (torch.isDefined()) {
                    String peer = "PyTorch " + dtype + " " + threads + "t";
                    PythonPeer.Run run = new PythonPeer(torch.get(), scripts.resolve("mnist_cnn_torch.py").toAbsolutePath(),
                            threads, List.of("--dtype", dtype, "--rows", Integer.toString(rows))).run(mnistDir, epochs - 1, 0);
                    System.out.printf("%s: epochs (s) %s; CPU (s) %s; %s%n", peer,
                            Bench.format(scaled(run.seconds(), scale)), Bench.format(scaled(run.cpuSeconds(), scale)),
                            run.extra().getOrElse(""));
                    times = Bench.add(times, peer, scaled(run.seconds(), scale));
                    notes = notes.put(peer, run.version() + ", " + run.extra().getOrElse(""));
                }
            }
        }
        System.out.println("seconds per epoch, wall clock (median of the epochs after the first):");
        LinkedHashMap<String, String> said = notes;
        times.forEach((name, t) -> System.out.printf("  %-22s %.2f  [%s]  %s%n", name, Bench.median(t), Bench.format(t),
                said.get(name).getOrElse("")));
        for (String dtype : dtypes) {
            Option<double[]> ours = times.get("Fluxion " + dtype);
            Option<Tuple2<String, Double>> best = times.filterKeys(k -> k.startsWith("PyTorch " + dtype))
                    .map((k, t) -> Tuple.of(k, Bench.median(t))).minBy(Tuple2::_2);
            best.forEach(b -> System.out.printf("Fluxion %s / %s (its faster setting): %.2f%n", dtype, b._1,
                    Bench.median(ours.get()) / b._2));
        }
    }

    private static double[][] scaled(double[][] f, double scale) {
        return new double[][] {scaled(f[0], scale), scaled(f[1], scale), f[2]};
    }

    private static double[] scaled(double[] seconds, double scale) {
        double[] s = seconds.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] *= scale;
        }
        return s;
    }

    /**
     * A fresh network in {@code dtype} trained for {@code epochs} epochs shuffled from seed 0: the
     * wall-clock seconds of each epoch in {@code [0]}, the process CPU seconds in {@code [1]}, the
     * test accuracy after the last in {@code [2][0]}.
     */
    static double[][] fluxion(Mnist mnist, int epochs, DType dtype) {
        Model model = MnistCnn.lenet(0L).to(dtype);
        Training training = Training.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(1e-3))
                .metric("accuracy", Metrics::accuracy);
        Bench.TimedEpochs t = Bench.timeEpochs(training.epochs(mnist.train(), BATCH, 0L).iterator(), epochs);
        Epoch last = t.last();
        double[][] out = {t.seconds()[0], t.seconds()[1], new double[1]};
        out[2][0] = training.evaluate(last.params(), mnist.test(), 500).get("accuracy").get();
        return out;
    }
}
