package io.fluxion.example.bench;

import io.fluxion.data.Mnist;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The S4 epoch benchmark: 600 steps of softmax regression on MNIST through {@code Training}, and
 * in the same run, when a Python with PyTorch or NumPy is found, the same recipe in PyTorch eager
 * and in NumPy by hand (the scripts of {@code examples/src/main/python}, run as child processes
 * with 1 and with 2 threads each). Prints seconds per epoch (medians over the timed epochs of all
 * rounds, the rounds interleaving the contenders so that a noisy machine hits them alike), the
 * ratios against each peer's faster setting, and a {@code Training.step} against the compiled
 * step alone.
 *
 * <pre>
 * ./mvnw -B -o -Pepochbench -DskipTests verify -Dmnist=/path/to/mnist
 * </pre>
 *
 * <p>Arguments: {@code --mnist DIR} (or {@code -Dfluxion.mnist.dir}), {@code --scripts DIR} (the
 * Python scripts, by default {@code src/main/python} or {@code examples/src/main/python}),
 * {@code --python EXE}, {@code --epochs N} timed epochs per round (5), {@code --rounds R} (2),
 * {@code --no-python}.
 */
public final class MnistEpochBench {
    private MnistEpochBench() {}

    /**
     * Runs the benchmark; see the class comment for the arguments.
     *
     * @throws IOException if MNIST or the Python scripts cannot be read
     */
    public static void main(String[] args) throws IOException {
        java.util.Map<String, String> a = Bench.options(args);
        Path mnist = Bench.mnist(a);
        int epochs = Integer.parseInt(a.getOrDefault("--epochs", "5"));
        int rounds = Integer.parseInt(a.getOrDefault("--rounds", "2"));
        Path scripts = Bench.scripts(a, "mnist_s4.py");

        System.out.println(Bench.machine());
        long t0 = System.nanoTime();
        S4Epoch fluxion = new S4Epoch(Mnist.load(mnist).train());
        System.out.printf("MNIST loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        double[] loss = new double[1];
        System.out.println("Fluxion warm-up epochs (s): " + Bench.format(fluxion.epochs(2, 99L, loss)[0]));
        double[] steps = fluxion.stepMicros(21, 100);
        System.out.printf("step, 100 x 784 -> 10 (µs, median of 21 blocks of 100): Training.step %.1f, compiled step alone %.1f,"
                + " ratio %.2f (thread CPU time: %.1f, %.1f, ratio %.2f)%n",
                steps[0], steps[1], steps[0] / steps[1], steps[2], steps[3], steps[2] / steps[3]);
        double[][] gathers = new double[2][7];
        for (int i = 0; i < 7; i++) {
            double[] g = fluxion.gatherMicros(i);
            gathers[0][i] = g[0];
            gathers[1][i] = g[1];
        }
        System.out.printf("shuffle and gather of a 100-row batch (process CPU µs, median of 7 epochs): immutable batches"
                + " (Dataset.epoch) %.1f, reused buffers (as Training gathers them) %.1f%n",
                Bench.median(gathers[0]), Bench.median(gathers[1]));

        List<Tuple2<String, PythonPeer>> peers = a.containsKey("--no-python") ? List.empty() : peers(a, scripts);
        LinkedHashMap<String, double[]> times = LinkedHashMap.empty();
        LinkedHashMap<String, double[]> cpu = LinkedHashMap.empty();
        LinkedHashMap<String, String> notes = LinkedHashMap.empty();
        for (int r = 1; r <= rounds; r++) {
            double[][] f = fluxion.epochs(epochs, r, loss);
            times = Bench.add(times, "Fluxion", f[0]);
            cpu = Bench.add(cpu, "Fluxion", f[1]);
            notes = notes.put("Fluxion", String.format("epoch %d's loss %.4f", epochs, loss[0]));
            for (Tuple2<String, PythonPeer> p : peers) {
                PythonPeer.Run run = p._2.run(mnist, epochs, r);
                times = Bench.add(times, p._1, run.seconds());
                cpu = Bench.add(cpu, p._1, run.cpuSeconds());
                notes = notes.put(p._1, String.format("epoch %d's loss %.4f (after its warm-up); %s", epochs + 1, run.lastLoss(),
                        run.version()));
            }
        }
        report("seconds per epoch, wall clock", times, notes);
        report("CPU seconds per epoch (the process, all its threads)", cpu, notes);
    }

    private static List<Tuple2<String, PythonPeer>> peers(java.util.Map<String, String> a, Path scripts) {
        Option<String> preferred = Option.of(a.get("--python"));
        Option<String> torch = PythonPeer.find(preferred, "torch, numpy");
        Option<String> numpy = torch.orElse(() -> PythonPeer.find(preferred, "numpy"));
        System.out.println("Python with torch: " + torch.getOrElse("none") + "; with numpy: " + numpy.getOrElse("none"));
        List<Tuple2<String, PythonPeer>> peers = List.empty();
        for (int threads : new int[] {1, 2}) {
            if (torch.isDefined()) {
                peers = peers.append(Tuple.of("PyTorch " + threads + "t",
                        new PythonPeer(torch.get(), scripts.resolve("mnist_s4_torch.py").toAbsolutePath(), threads)));
            }
            if (numpy.isDefined()) {
                peers = peers.append(Tuple.of("NumPy " + threads + "t",
                        new PythonPeer(numpy.get(), scripts.resolve("mnist_s4_numpy.py").toAbsolutePath(), threads)));
            }
        }
        return peers;
    }

    private static void report(String what, LinkedHashMap<String, double[]> times, LinkedHashMap<String, String> notes) {
        System.out.println(what + " (median; all timed epochs):");
        times.forEach((name, t) -> System.out.printf("  %-11s %.3f  [%s]  %s%n", name, Bench.median(t), Bench.format(t),
                notes.get(name).getOrElse("")));
        double fluxion = Bench.median(times.get("Fluxion").get());
        for (String peer : List.of("PyTorch", "NumPy")) {
            Option<Tuple2<String, Double>> best = times.filterKeys(k -> k.startsWith(peer))
                    .map((k, t) -> Tuple.of(k, Bench.median(t))).minBy(Tuple2::_2);
            best.forEach(b -> System.out.printf("Fluxion / %s (its faster setting, %s): %.2f%n", peer, b._1, fluxion / b._2));
        }
    }




}
