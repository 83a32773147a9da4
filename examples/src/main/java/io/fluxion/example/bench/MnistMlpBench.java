package io.fluxion.example.bench;

import io.fluxion.data.Mnist;
import io.fluxion.nn.Activations;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Metrics;
import io.fluxion.nn.Model;
import io.fluxion.nn.Sequential;
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
 * The first program people write after the recipes, timed against PyTorch: an MLP 784-128-10 with
 * ReLU, softmax cross-entropy on the logits, Adam 1e-3, batches of 128 shuffled every epoch
 * (469 steps an epoch), through {@link Training}, in float64 and in float32 (the model and the
 * data converted with {@code to(DType.FLOAT32)}: every step, parameter and Adam moment float32,
 * the pixels converted per batch straight from MNIST's bytes). In the same run, when a Python with PyTorch is
 * found, {@code examples/src/main/python/mnist_mlp_torch.py} trains the same model in PyTorch
 * eager, float64 and float32, with 1 and with 2 threads, as child processes.
 *
 * <p>This JVM is fresh when the first round starts, so that round's epoch 1 and 2 show the
 * warm-up (compilation and the JIT) against the steady epochs after them; its header has loaded
 * the BLAS by then, and MNIST is loaded once in float64, so {@link FirstEpochBench} measures the
 * first epoch as a user's program meets it. Prints seconds per
 * epoch (medians of the steady epochs of all rounds, the rounds interleaving the contenders), the
 * ratios of each Fluxion dtype against PyTorch's faster thread setting in the same dtype, and the
 * test accuracy after each round.
 *
 * <pre>
 * ./mvnw -B -o -Pmlpbench -DskipTests verify -Dmnist=/path/to/mnist
 * </pre>
 *
 * <p>Arguments: {@code --mnist DIR} (or {@code -Dfluxion.mnist.dir}), {@code --scripts DIR},
 * {@code --python EXE}, {@code --epochs N} per round (4), {@code --rounds R} (2), {@code --no-python}.
 */
public final class MnistMlpBench {
    static final int BATCH = 128;
    private MnistMlpBench() {}

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) {
        java.util.Map<String, String> a = Bench.options(args);
        Path mnistDir = Bench.mnist(a);
        int epochs = Integer.parseInt(a.getOrDefault("--epochs", "4"));
        int rounds = Integer.parseInt(a.getOrDefault("--rounds", "2"));
        Path scripts = Bench.scripts(a, "mnist_mlp_torch.py");
        System.out.println(Bench.machine());
        long t0 = System.nanoTime();
        Mnist mnist = Mnist.load(mnistDir);
        System.out.printf("MNIST loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // The same bytes, read as float32 per batch.
        Mnist mnist32 = new Mnist(mnist.train().to(DType.FLOAT32), mnist.test().to(DType.FLOAT32));

        List<Tuple2<String, PythonPeer>> peers = List.empty();
        Option<String> torch = a.containsKey("--no-python") ? Option.none()
                : PythonPeer.find(Option.of(a.get("--python")), "torch, numpy");
        System.out.println("Python with torch: " + torch.getOrElse("none"));
        for (String dtype : List.of("float64", "float32")) {
            for (int threads : new int[] {1, 2}) {
                if (torch.isDefined()) {
                    peers = peers.append(Tuple.of("PyTorch " + dtype + " " + threads + "t", new PythonPeer(torch.get(),
                            scripts.resolve("mnist_mlp_torch.py").toAbsolutePath(), threads, List.of("--dtype", dtype))));
                }
            }
        }
        LinkedHashMap<String, double[]> times = LinkedHashMap.empty();
        LinkedHashMap<String, String> notes = LinkedHashMap.empty();
        for (int r = 1; r <= rounds; r++) {
            for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
                String name = "Fluxion " + dtype;
                double[][] f = fluxion(dtype == DType.FLOAT64 ? mnist : mnist32, epochs, r, dtype);
                System.out.printf("round %d, %s: epochs (s) %s; CPU (s) %s; test accuracy %.4f%n", r, name,
                        Bench.format(f[0]), Bench.format(f[1]), f[2][0]);
                if (r == 1) {
                    double steady = Bench.median(Arrays.copyOfRange(f[0], 2, f[0].length));
                    System.out.printf("%s: epoch 1 %.2f x, epoch 2 %.2f x a steady epoch (median of epochs 3-%d)%n",
                            dtype == DType.FLOAT64 ? "fresh JVM" : "first float32 run", f[0][0] / steady,
                            f[0][1] / steady, epochs);
                }
                // The steady epochs only: after the first round the JVM is warm throughout.
                times = Bench.add(times, name, r == 1 ? Arrays.copyOfRange(f[0], 2, f[0].length) : f[0]);
                notes = notes.put(name, String.format("test accuracy %.4f after %d epochs", f[2][0], epochs));
            }
            for (Tuple2<String, PythonPeer> p : peers) {
                PythonPeer.Run run = p._2.run(mnistDir, epochs - 1, r);
                times = Bench.add(times, p._1, run.seconds());
                notes = notes.put(p._1, run.version() + ", " + run.extra().getOrElse(""));
            }
        }
        System.out.println("seconds per epoch, wall clock (median of the steady epochs):");
        LinkedHashMap<String, String> said = notes;
        times.forEach((name, t) -> System.out.printf("  %-22s %.3f  [%s]  %s%n", name, Bench.median(t), Bench.format(t),
                said.get(name).getOrElse("")));
        for (String dtype : List.of("float64", "float32")) {
            double fluxion = Bench.median(times.get("Fluxion " + dtype).get());
            Option<Tuple2<String, Double>> best = times.filterKeys(k -> k.startsWith("PyTorch " + dtype))
                    .map((k, t) -> Tuple.of(k, Bench.median(t))).minBy(Tuple2::_2);
            best.forEach(b -> System.out.printf("Fluxion %s / %s (its faster setting): %.2f%n", dtype, b._1,
                    fluxion / b._2));
        }
    }

    /**
     * A fresh model in {@code dtype} (the data must have it too) trained for {@code epochs} epochs
     * shuffled from {@code seed}: the wall-clock seconds of each epoch in {@code [0]}, the process
     * CPU seconds in {@code [1]}, and the test accuracy after the last in {@code [2][0]}.
     */
    static double[][] fluxion(Mnist mnist, int epochs, long seed, DType dtype) {
        Model model = Sequential.of(Dense.of(784, 128, 2 * seed, Activations.RELU), Dense.of(128, 10, 2 * seed + 1))
                .to(dtype);
        Training training = Training.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(1e-3));
        Bench.TimedEpochs t = Bench.timeEpochs(training.epochs(mnist.train(), BATCH, seed).iterator(), epochs);
        Epoch last = t.last();
        double[][] out = {t.seconds()[0], t.seconds()[1], new double[1]};
        out[2][0] = Metrics.accuracyOf(model.withParams(last.params()).predict(mnist.test().x()), mnist.test().y());
        return out;
    }
}
