package io.fluxion.example.bench;

import io.fluxion.data.Mnist;
import io.fluxion.nn.Activations;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Sequential;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.DType;
import io.fluxion.train.Training;
import io.vavr.collection.List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A fresh JVM's first epoch of the MLP against its steady epochs (issue 13, item 6): each run is a
 * JVM of its own, started with this one's class path and flags, that does what a user's program
 * does and nothing more (loads MNIST in the dtype, builds the 784-128-10 ReLU model, trains it
 * with Adam 1e-3 in shuffled batches of 128 through {@link Training#epochs}), times every epoch,
 * and reports epoch 1 against the median of epochs 3 to the last. Runs of the dtypes alternate.
 * Also reported: the time from the start of {@code Mnist.load} to the end of epoch 1, which is
 * what a warm-up that merely moved work out of epoch 1 would not shorten, and the CPU time that
 * epoch 1 took on the calling thread and in the JIT's compiler threads (read from
 * {@code /proc/self/task} on Linux; NaN elsewhere), which say where its extra time goes.
 *
 * <pre>
 * ./mvnw -B -o -Pfirstepochbench -DskipTests verify -Dmnist=/path/to/mnist
 * </pre>
 *
 * <p>Arguments: {@code --mnist DIR} (or {@code -Dfluxion.mnist.dir}), {@code --runs R} fresh JVMs
 * per dtype (5), {@code --epochs N} per run (6, at least 3), {@code --dtypes float32,float64}.
 */
public final class FirstEpochBench {
    static final int BATCH = 128;
    /** The line a run prints for its parent, then its figures as {@code key=value}. */
    static final String RESULT = "first-epoch";

    private FirstEpochBench() {}

    /** One run's figures, in seconds; the last two are CPU time in epoch 1. */
    record Run(DType dtype, double load, double epoch1, double steady, double loadToEpoch1End, double epoch1Caller,
            double epoch1Compilers) {
        double ratio() {
            return epoch1 / steady;
        }
    }

    /** Runs the benchmark, or one run of it with {@code --run DTYPE}; see the class comment. */
    public static void main(String[] args) {
        java.util.Map<String, String> a = Bench.options(args);
        Path mnistDir = Bench.mnist(a);
        int epochs = Integer.parseInt(a.getOrDefault("--epochs", "6"));
        if (epochs < 3) {
            throw new IllegalArgumentException("--epochs: need at least 3 (epoch 1, and steady ones from epoch 3), got "
                    + epochs);
        }
        if (a.containsKey("--run")) {
            System.out.println(line(run(mnistDir, dtype("--run", a.get("--run")), epochs)));
            return;
        }
        int runs = Integer.parseInt(a.getOrDefault("--runs", "5"));
        List<DType> dtypes = List.of(a.getOrDefault("--dtypes", "float32,float64").split(","))
                .map(d -> dtype("--dtypes", d));
        System.out.println(Bench.machine());
        System.out.printf("# %d fresh JVMs per dtype, %d epochs each, batches of %d; steady = median of epochs 3-%d%n",
                runs, epochs, BATCH, epochs);
        List<Run> all = List.empty();
        for (int r = 0; r < runs; r++) {
            for (DType d : dtypes) {
                Run one = fresh(mnistDir, d, epochs);
                System.out.printf("run %d %s: epoch 1 %.3f s, steady %.3f s, ratio %.2f; load %.3f s, load start to end of epoch 1 %.3f s;"
                        + " epoch 1's CPU: calling thread %.3f s, JIT compilers %.3f s%n", r + 1, d, one.epoch1(), one.steady(),
                        one.ratio(), one.load(), one.loadToEpoch1End(), one.epoch1Caller(), one.epoch1Compilers());
                all = all.append(one);
            }
        }
        for (DType d : dtypes) {
            List<Run> of = all.filter(x -> x.dtype() == d);
            System.out.printf("%s: epoch 1 / steady median %.2f (%s); epoch 1 %.3f s, steady %.3f s, load start to end of epoch 1 %.3f s,"
                    + " epoch 1's CPU on the calling thread %.3f s and in the JIT compilers %.3f s (medians)%n",
                    d, median(of.map(Run::ratio)), of.map(x -> String.format("%.2f", x.ratio())).mkString(" "),
                    median(of.map(Run::epoch1)), median(of.map(Run::steady)), median(of.map(Run::loadToEpoch1End)),
                    median(of.map(Run::epoch1Caller)), median(of.map(Run::epoch1Compilers)));
        }
    }

    /** The dtype named in option {@code option}, or an error that names the option and the dtypes there are. */
    static DType dtype(String option, String name) {
        return List.of(DType.values()).find(d -> d.name().equalsIgnoreCase(name.trim())).getOrElseThrow(
                () -> new IllegalArgumentException(option + ": float32 or float64, not '" + name + "'"));
    }

    /** What a user's program does, timed. */
    static Run run(Path mnistDir, DType dtype, int epochs) {
        long start = System.nanoTime();
        Mnist mnist = Mnist.load(mnistDir, dtype);
        double load = (System.nanoTime() - start) / 1e9;
        Model model = Sequential.of(Dense.of(784, 128, 2, Activations.RELU), Dense.of(128, 10, 3)).to(dtype);
        Training training = Training.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(1e-3));
        io.vavr.collection.Iterator<io.fluxion.train.Epoch> it = training.epochs(mnist.train(), BATCH, 1L).iterator();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long caller = threads.getCurrentThreadCpuTime();
        double compilers = compilersCpu();
        double[] first = Bench.timeEpochs(it, 1).seconds()[0];
        double epoch1End = (System.nanoTime() - start) / 1e9;
        double callerCpu = (threads.getCurrentThreadCpuTime() - caller) / 1e9;
        double compilersCpu = compilersCpu() - compilers;
        double[] rest = Bench.timeEpochs(it, epochs - 1).seconds()[0];
        return new Run(dtype, load, first[0], Bench.median(Arrays.copyOfRange(rest, 1, rest.length)), epoch1End,
                callerCpu, compilersCpu);
    }

    /** The CPU seconds of the JIT's compiler threads so far, from {@code /proc/self/task}; NaN where there is none. */
    static double compilersCpu() {
        Path tasks = Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return Double.NaN;
        }
        long ticks = 0;
        try (java.nio.file.DirectoryStream<Path> all = java.nio.file.Files.newDirectoryStream(tasks)) {
            for (Path task : all) {
                String stat;
                try {
                    stat = java.nio.file.Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;   // a thread that ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    // After the name: state, then 10 fields, then utime and stime (clock ticks).
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return ticks / 100.0;   // USER_HZ, 100 on Linux
    }

    static String line(Run r) {
        return String.format(java.util.Locale.ROOT, "%s dtype=%s load=%.6f epoch1=%.6f steady=%.6f end=%.6f caller=%.6f"
                + " compilers=%.6f", RESULT, r.dtype().name(), r.load(), r.epoch1(), r.steady(), r.loadToEpoch1End(),
                r.epoch1Caller(), r.epoch1Compilers());
    }

    /** The figures in a run's output: its line that starts with {@link #RESULT}. */
    static Run parse(String output) {
        String found = List.of(output.split("\n")).find(l -> l.startsWith(RESULT + " ")).getOrElseThrow(
                () -> new IllegalStateException("FirstEpochBench: a run printed no result line; it printed:\n" + output));
        java.util.Map<String, String> kv = new java.util.HashMap<>();
        for (String part : found.substring(RESULT.length() + 1).trim().split(" ")) {
            int eq = part.indexOf('=');
            kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return new Run(dtype("the result line's dtype", kv.get("dtype")), Double.parseDouble(kv.get("load")),
                Double.parseDouble(kv.get("epoch1")), Double.parseDouble(kv.get("steady")),
                Double.parseDouble(kv.get("end")), Double.parseDouble(kv.get("caller")),
                Double.parseDouble(kv.get("compilers")));
    }

    /** One run in a JVM of its own, with this JVM's class path and flags. */
    private static Run fresh(Path mnistDir, DType dtype, int epochs) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(java).appendAll(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .appendAll(List.of("-cp", System.getProperty("java.class.path"), FirstEpochBench.class.getName(),
                        "--mnist", mnistDir.toString(), "--epochs", Integer.toString(epochs), "--run", dtype.name()));
        try {
            Process p = new ProcessBuilder(command.asJava()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException("FirstEpochBench: the " + dtype + " run exited with " + code + ":\n" + out);
            }
            return parse(out);
        } catch (IOException e) {
            throw new UncheckedIOException("FirstEpochBench: could not start " + java, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("FirstEpochBench: interrupted while the " + dtype + " run ran", e);
        }
    }

    private static double median(List<Double> values) {
        return Bench.median(values.toJavaStream().mapToDouble(Double::doubleValue).toArray());
    }
}
