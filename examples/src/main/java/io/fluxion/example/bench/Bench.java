package io.fluxion.example.bench;

import io.fluxion.train.Epoch;
import io.vavr.collection.Iterator;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What the epoch benchmarks share: their arguments, the machine line, medians and lists of seconds. */
final class Bench {
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Bench() {}

    /**
     * The wall-clock seconds ({@code [0]}) and process CPU seconds ({@code [1]}, all threads, as
     * Python's {@code process_time}) of each of the next {@code count} epochs of {@code it}, and
     * the last of them.
     */
    record TimedEpochs(double[][] seconds, Epoch last) {}

    /** Runs and times the next {@code count} epochs: reading an epoch's loss is what runs it. */
    static TimedEpochs timeEpochs(Iterator<Epoch> it, int count) {
        double[][] seconds = new double[2][count];
        Epoch last = null;
        for (int e = 0; e < count; e++) {
            long cpu = PROCESS.getProcessCpuTime();
            long started = System.nanoTime();
            last = it.next();
            last.loss();
            seconds[0][e] = (System.nanoTime() - started) / 1e9;
            seconds[1][e] = (PROCESS.getProcessCpuTime() - cpu) / 1e9;
        }
        return new TimedEpochs(seconds, last);
    }

    /** {@code --key value} pairs, and {@code --flag} alone as a key without a value. */
    static java.util.Map<String, String> options(String[] args) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                m.put(args[i], args[++i]);
            } else {
                m.put(args[i], "");
            }
        }
        return m;
    }

    /** The MNIST folder: {@code --mnist DIR}, else {@code -Dfluxion.mnist.dir}. */
    static Path mnist(java.util.Map<String, String> a) {
        return Path.of(Option.of(a.get("--mnist")).filter(d -> !d.isBlank())
                .orElse(Option.of(System.getProperty("fluxion.mnist.dir")))
                .getOrElseThrow(() -> new IllegalArgumentException(
                        "give --mnist DIR (-Dmnist=DIR through Maven), the folder of the MNIST .gz files")));
    }

    /** The folder of the Python peers: {@code --scripts DIR}, else the one of the sources holding {@code script}. */
    static Path scripts(java.util.Map<String, String> a, String script) {
        return Option.of(a.get("--scripts")).map(Path::of).getOrElse(() ->
                List.of(Path.of("src/main/python"), Path.of("examples/src/main/python"))
                        .find(p -> Files.isRegularFile(p.resolve(script))).getOrElse(Path.of("src/main/python")));
    }

    /** The header line of an epoch benchmark: the JVM, the cores, the CPU, the BLAS and who threads its products. */
    static String machine() {
        return String.format("# java %s, %d cores, %s, BLAS %s, kernels %s, OPENBLAS_NUM_THREADS=%s, threads: %s",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), cpuModel(),
                io.fluxion.tensor.Backend.current().blas(), io.fluxion.tensor.Backend.current().kernels(),
                System.getenv("OPENBLAS_NUM_THREADS"),
                io.fluxion.tensor.Backend.current().threading());
    }

    static String cpuModel() {
        try {
            return List.ofAll(Files.readAllLines(Path.of("/proc/cpuinfo"))).find(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).getOrElse("CPU unknown");
        } catch (IOException | RuntimeException e) {
            return "CPU unknown";
        }
    }

    static LinkedHashMap<String, double[]> add(LinkedHashMap<String, double[]> m, String k, double[] more) {
        double[] old = m.get(k).getOrElse(new double[0]);
        double[] all = Arrays.copyOf(old, old.length + more.length);
        System.arraycopy(more, 0, all, old.length, more.length);
        return m.put(k, all);
    }

    static String format(double[] seconds) {
        return List.ofAll(seconds).map(s -> String.format("%.3f", s)).mkString(" ");
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
