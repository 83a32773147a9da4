package io.fluxion.example.bench;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Python peer of a benchmark, run as a child process: a script of {@code examples/src/main/python}.
 * The S4 epoch scripts of {@link MnistEpochBench} print {@code epoch <n> <seconds> <loss>} per epoch
 * and its process CPU seconds last (epoch 0 being its warm-up), after a {@code version ...} line;
 * {@link S1EagerBench}'s script prints rounds.
 *
 * @param python the interpreter
 * @param script the script's path
 * @param args more arguments for the script, such as {@code --dtype float32}
 * @param threads the thread count, passed as {@code --threads} and as {@code OPENBLAS_NUM_THREADS}
 *     and {@code OMP_NUM_THREADS} (with {@code OMP_WAIT_POLICY=PASSIVE} above 1), with glibc's
 *     malloc keeping freed large blocks for reuse
 */
record PythonPeer(String python, Path script, int threads, List<String> args) {

    /** A peer whose script takes no arguments besides the common ones. */
    PythonPeer(String python, Path script, int threads) {
        this(python, script, threads, List.empty());
    }

    /**
     * What one run printed: the version line, the wall-clock and process CPU seconds and the
     * loss of each timed epoch (warm-up left out), and a line after the epochs, if any (such as
     * the test accuracy).
     */
    record Run(String version, double[] seconds, double[] cpuSeconds, double lastLoss, Option<String> extra) {}

    /** Runs the script for {@code epochs} timed epochs on the MNIST files in {@code mnist}. */
    Run run(Path mnist, int epochs, long seed) {
        return parse(output(List.of("--mnist", mnist.toString(), "--epochs", Integer.toString(epochs),
                "--seed", Long.toString(seed))));
    }

    /** Runs the script with {@code scriptArgs}, this peer's {@link #args} and {@code --threads}; the lines it printed. */
    List<String> output(List<String> scriptArgs) {
        ProcessBuilder pb = new ProcessBuilder(List.of(python, script.toString()).appendAll(scriptArgs).appendAll(args)
                .appendAll(List.of("--threads", Integer.toString(threads))).asJava());
        pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        // glibc serves blocks above 128 KB (a 627 KB batch) with mmap and returns them on free, so
        // every batch faulted its pages in again: PyTorch ran 0.3 to 0.8 s an epoch, a third of it
        // in the kernel, and 0.17 to 0.19 s with these (what PyTorch's tuning guide gets from
        // jemalloc or tcmalloc). NumPy gets the same, for symmetry.
        pb.environment().put("MALLOC_MMAP_THRESHOLD_", Integer.toString(16 << 20));
        pb.environment().put("MALLOC_TRIM_THRESHOLD_", Integer.toString(256 << 20));
        if (threads > 1) {
            // OpenMP workers that sleep rather than spin when idle: on a shared 2-core machine,
            // spinning PyTorch threads ran 10 to 100 times slower (20 to 80 s an epoch, 2 s passive).
            pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        }
        // No __pycache__ beside the scripts in the source tree.
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.directory(script.getParent().toFile());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process p = pb.start();
            List<String> lines;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                lines = List.ofAll(r.lines().toList());
            }
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(this + " failed; it printed:\n" + lines.mkString("\n"));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + python, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The run the lines describe; epoch 0 (the warm-up) is left out. */
    static Run parse(List<String> lines) {
        String version = lines.find(l -> l.startsWith("version ")).map(l -> l.substring(8)).getOrElse("?");
        List<String[]> epochs = lines.filter(l -> l.startsWith("epoch ")).map(l -> l.trim().split("\\s+"))
                .filter(f -> !f[1].equals("0"));
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no timed epochs in:\n" + lines.mkString("\n"));
        }
        Option<String> extra = lines.dropUntil(l -> l.startsWith("epoch ")).dropWhile(l -> l.startsWith("epoch "))
                .headOption();
        return new Run(version, column(epochs, 2), column(epochs, 4), Double.parseDouble(epochs.last()[3]), extra);
    }

    private static double[] column(List<String[]> rows, int i) {
        return rows.map(f -> Double.parseDouble(f[i])).toJavaStream().mapToDouble(d -> d).toArray();
    }

    /**
     * The interpreter to use: {@code preferred} if given, else the first of {@code /usr/bin/python3}
     * and {@code python3} (on the PATH, perhaps a pyenv one) that imports {@code modules}.
     */
    static Option<String> find(Option<String> preferred, String modules) {
        List<String> candidates = preferred.isDefined() ? List.of(preferred.get()) : List.of("/usr/bin/python3", "python3");
        return candidates.find(py -> imports(py, modules));
    }

    private static boolean imports(String python, String modules) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + modules).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
