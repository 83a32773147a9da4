package io.fluxion.example.bench;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.function.DoubleSupplier;

/**
 * The Rosenbrock gradient, n = 100,000, compiled, against the hand-written loop, timed round by
 * round in a plain {@code main} (the JVM a user's program runs in, not JMH's warmed-up forks):
 * each round times a batch of calls of each contender, in turn, and prints microseconds a call and
 * the page faults the process took meanwhile; at the end, medians and spreads and the ratio of
 * the medians. The compiled gradient runs twice: with {@code run}, which returns a fresh 800 KB
 * tensor a call, and with {@code runInto}, which writes into one buffer, as the hand loop writes
 * into its one array.
 *
 * <pre>
 * ./mvnw -B -o -q -Ptour -DskipTests verify -Dtour.main=io.fluxion.example.bench.RosenbrockRounds
 * </pre>
 *
 * <p>Arguments: {@code --rounds R} (40), {@code --calls C} calls of each contender a round (20).
 */
public final class RosenbrockRounds {
    private static final int N = 100_000;

    private RosenbrockRounds() {}

    /** A contender: its name and one call, returning something of its result to keep it alive. */
    private record Contender(String name, DoubleSupplier call) {}

    /** Runs the rounds; see the class comment for the arguments. */
    public static void main(String[] args) {
        java.util.Map<String, String> o = Bench.options(args);
        int rounds = Integer.parseInt(o.getOrDefault("--rounds", "40"));
        int calls = Integer.parseInt(o.getOrDefault("--calls", "20"));
        System.out.println(Rounds.machine());

        Var x = variable("x", N);
        Expr f = RosenbrockFunction.vectorised(x);
        Program gradient = compile(grad(f, x));
        double[] point = RosenbrockFunction.point(N, 7);
        double[] g = new double[N];
        Bindings at = Bindings.of(x, Tensor.vector(point));
        requireEqual(gradient.run(at).head(), point, g);

        Buffer into = Buffer.of(x.shape());
        List<Contender> contenders = List.of(
                new Contender("compiled gradient, run", () -> gradient.run(at).head().get(N - 1)),
                new Contender("compiled, runInto", () -> {
                    gradient.runInto(at, into);
                    return into.get(N - 1);
                }),
                new Contender("hand-written loop", () -> {
                    RosenbrockFunction.gradient(point, g);
                    return g[N - 1];
                }));
        int k = contenders.size();
        double[][] micros = new double[k][rounds];
        double[][] faults = new double[k][rounds];
        long[] bytes = new long[k];
        System.out.printf("µs a call (page faults), %d calls of each a round, in turn:%n", calls);
        double sink = 0;
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder(String.format("round %2d:", r + 1));
            for (int j = 0; j < k; j++) {
                // The order turns from round to round, so that no contender always follows another.
                int c = (j + r) % k;
                long f0 = Rounds.pageFaults();
                long b0 = Rounds.allocatedBytes();
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    sink += contenders.get(c).call().getAsDouble();
                }
                micros[c][r] = (System.nanoTime() - t0) / 1e3 / calls;
                bytes[c] += Rounds.allocatedBytes() - b0;
                faults[c][r] = Rounds.pageFaults() - f0;
            }
            for (int c = 0; c < k; c++) {
                line.append(String.format("  %s %.0f (%.0f)", contenders.get(c).name(), micros[c][r], faults[c][r]));
            }
            System.out.println(line);
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("the gradients gave NaN");
        }
        System.out.printf("over %d rounds (load %s): µs a call, median (p10–p90, min–max); page faults a round, the same;"
                + " bytes allocated a call; median / the hand loop's median:%n", rounds, Rounds.load());
        double hand = Bench.median(micros[k - 1]);
        for (int c = 0; c < k; c++) {
            System.out.printf("  %-24s %s   faults %s   %.0f B   %.2f%n", contenders.get(c).name(),
                    Rounds.summary(micros[c], "%.0f"), Rounds.summary(faults[c], "%.0f"),
                    bytes[c] / (double) (rounds * calls), Bench.median(micros[c]) / hand);
        }
    }

    /** The compiled gradient must be the hand-written one to rounding, or the race means nothing. */
    private static void requireEqual(Tensor compiled, double[] point, double[] g) {
        RosenbrockFunction.gradient(point, g);
        for (int i = 0; i < N; i++) {
            double d = Math.abs(compiled.get(i) - g[i]);
            if (d > 1e-9 * Math.max(1, Math.abs(g[i]))) {
                throw new IllegalStateException("the compiled gradient differs from the hand-written one at " + i
                        + ": " + compiled.get(i) + " vs " + g[i]);
            }
        }
    }
}
