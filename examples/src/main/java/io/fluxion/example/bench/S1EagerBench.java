package io.fluxion.example.bench;

import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Tape;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Recipe S1's eager step against PyTorch's, side by side in one run: y = a x² + b x + c recorded
 * on a tape under the step's bindings, its gradient, and x -= 0.01 dy/dx, 1000 steps from x = 0
 * per run, float64, as {@code QuadraticTape}'s first SGD style. The peer is
 * {@code examples/src/main/python/s1_eager_torch.py} (PyTorch eager: the graph built per step,
 * {@code backward()}, an in-place update), run as a child process with 1 and with 2 threads.
 *
 * <pre>
 * ./mvnw -B -o -q -Ptour -DskipTests verify -Dtour.main=io.fluxion.example.bench.S1EagerBench
 * </pre>
 *
 * <p>Prints the first 1000 steps of this JVM (interpreted code, a heap not yet touched), the
 * warm-up rounds, then blocks that interleave Fluxion's rounds with each peer's (so that a noisy
 * machine hits them alike), each round's microseconds per step, the medians, spreads and the
 * ratio against PyTorch's faster setting; for Fluxion also the bytes a step allocates and the page
 * faults per round. Arguments: {@code --blocks B} (3), {@code --rounds R} rounds per block and
 * contender (10), {@code --warmup W} rounds (20), {@code --python EXE}, {@code --scripts DIR},
 * {@code --no-python}. A round is 5 runs of 1000 steps.
 */
public final class S1EagerBench {
    private static final int STEPS = 1000;
    private static final int RUNS = 5;
    private static final double LR = 0.01;

    private final Var x = variable("x");
    private final Var a = variable("a");
    private final Var b = variable("b");
    private final Var c = variable("c");
    private final Expr y = x.pow(2).times(a).plus(b.times(x)).plus(c);
    private final Bindings at = Bindings.of(x, 0.0).and(a, 1.0).and(b, -2.0).and(c, 1.0);

    private S1EagerBench() {}

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) {
        java.util.Map<String, String> o = Bench.options(args);
        int blocks = Integer.parseInt(o.getOrDefault("--blocks", "3"));
        int rounds = Integer.parseInt(o.getOrDefault("--rounds", "10"));
        int warmup = Integer.parseInt(o.getOrDefault("--warmup", "20"));
        System.out.println(Rounds.machine());
        S1EagerBench s1 = new S1EagerBench();

        long t0 = System.nanoTime();
        double x0 = s1.sgd();
        System.out.printf("Fluxion, the first %d steps in this JVM: %.1f µs a step (x = %.12f)%n", STEPS,
                (System.nanoTime() - t0) / 1e3 / STEPS, x0);
        Measured w = s1.rounds(warmup);
        System.out.printf("Fluxion warm-up rounds (µs a step): %s%n  page faults a round: %s%n", Rounds.all(w.micros, "%.2f"),
                Rounds.all(w.faults, "%.0f"));

        List<Tuple2<String, PythonPeer>> peers = o.containsKey("--no-python") ? List.empty() : peers(o);
        LinkedHashMap<String, double[]> times = LinkedHashMap.empty();
        double[] faults = new double[0];
        double bytes = 0;
        for (int k = 1; k <= blocks; k++) {
            Measured m = s1.rounds(rounds);
            times = Bench.add(times, "Fluxion", m.micros);
            faults = concat(faults, m.faults);
            bytes = m.bytesPerStep;
            System.out.printf("block %d (load %s)%n  Fluxion     %s%n", k, Rounds.load(), Rounds.all(m.micros, "%.2f"));
            for (Tuple2<String, PythonPeer> p : peers) {
                double[] t = peerRounds(p._2, rounds);
                times = Bench.add(times, p._1, t);
                System.out.printf("  %-11s %s%n", p._1, Rounds.all(t, "%.2f"));
            }
        }
        System.out.println("µs a step: median (p10–p90, min–max) over all rounds of all blocks:");
        times.forEach((name, t) -> System.out.printf("  %-11s %s%n", name, Rounds.summary(t, "%.2f")));
        System.out.printf("Fluxion allocates %.0f bytes a step; page faults a round: %s%n", bytes, Rounds.summary(faults, "%.0f"));
        double fluxion = Bench.median(times.get("Fluxion").get());
        times.remove("Fluxion").map((name, t) -> Tuple.of(name, Bench.median(t))).minBy(Tuple2::_2)
                .forEach(best -> System.out.printf("Fluxion / PyTorch (its faster setting, %s): %.3f%n", best._1,
                        fluxion / best._2));
    }

    /** One run of the recipe: 1000 steps of SGD from x = 0, each on a fresh tape; the x reached. */
    double sgd() {
        double v = 0;
        for (int i = 0; i < STEPS; i++) {
            v -= LR * Tape.record(y, at.and(x, v)).gradient(x).item();
        }
        return v;
    }

    /** Microseconds a step, page faults and bytes allocated, per round. */
    private record Measured(double[] micros, double[] faults, double bytesPerStep) {}

    private Measured rounds(int n) {
        double[] micros = new double[n];
        double[] faults = new double[n];
        long bytes0 = Rounds.allocatedBytes();
        double sink = 0;
        for (int r = 0; r < n; r++) {
            long f0 = Rounds.pageFaults();
            long t0 = System.nanoTime();
            for (int i = 0; i < RUNS; i++) {
                sink += sgd();
            }
            micros[r] = (System.nanoTime() - t0) / 1e3 / (RUNS * STEPS);
            faults[r] = Rounds.pageFaults() - f0;
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("the SGD runs gave NaN");
        }
        return new Measured(micros, faults, (Rounds.allocatedBytes() - bytes0) / (double) (n * RUNS * STEPS));
    }

    private static double[] peerRounds(PythonPeer peer, int rounds) {
        List<String> lines = peer.output(List.of("--rounds", Integer.toString(rounds), "--runs", Integer.toString(RUNS)));
        List<String[]> timed = lines.filter(l -> l.startsWith("round ")).map(l -> l.trim().split("\\s+"))
                .filter(f -> !f[1].equals("0"));
        if (timed.size() != rounds) {
            throw new IllegalStateException(peer + " printed " + timed.size() + " timed rounds:\n" + lines.mkString("\n"));
        }
        return timed.map(f -> Double.parseDouble(f[2])).toJavaStream().mapToDouble(d -> d).toArray();
    }

    private static List<Tuple2<String, PythonPeer>> peers(java.util.Map<String, String> o) {
        Path scripts = Bench.scripts(o, "s1_eager_torch.py");
        Option<String> torch = PythonPeer.find(Option.of(o.get("--python")), "torch");
        System.out.println("Python with torch: " + torch.getOrElse("none"));
        Path script = scripts.resolve("s1_eager_torch.py").toAbsolutePath();
        torch.forEach(py -> System.out.println(new PythonPeer(py, script, 1).output(List.of("--rounds", "0", "--runs", "1"))
                .find(l -> l.startsWith("version ")).getOrElse("version ?") + " (float64)"));
        return torch.map(py -> List.of(1, 2).map(t -> Tuple.of("PyTorch " + t + "t", new PythonPeer(py, script, t))))
                .getOrElse(List.empty());
    }

    private static double[] concat(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
