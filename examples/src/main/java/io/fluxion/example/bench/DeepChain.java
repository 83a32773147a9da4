package io.fluxion.example.bench;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.record;
import static io.fluxion.dsl.Dsl.show;
import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Times the work on a chain of a million {@code plus(1)} nodes that {@code DeepGraphTest} checks
 * for stack safety: build, evaluate, the gradient expression and its value, a tape and its
 * gradient, compile and run value and gradient together, and show. Each round runs in a fresh
 * thread with the default stack, as the test does; the first rounds warm the JIT up, so read the
 * last ones. Wall-clock times on a shared machine: compare rounds, not single figures.
 *
 * <pre>{@code ./mvnw -B -o -q -Ptour -DskipTests verify -Dtour.main=io.fluxion.example.bench.DeepChain}</pre>
 */
public final class DeepChain {
    private static final int CHAIN = 1_000_000;
    private static final int ROUNDS = 5;

    private DeepChain() {}

    /**
     * Prints the time of each phase and of the whole, round by round.
     *
     * @throws Exception if a round fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : ROUNDS;
        System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", java "
                + System.getProperty("java.version") + ", chain of " + CHAIN + " plus(1)");
        for (int r = 1; r <= rounds; r++) {
            AtomicReference<String> line = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    line.set(round());
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            t.join();
            if (failure.get() != null) {
                throw new IllegalStateException(failure.get());
            }
            System.out.println("round " + r + ": " + line.get());
        }
    }

    private static String round() {
        StringBuilder out = new StringBuilder();
        long start = System.nanoTime();
        long[] at = {start};
        Var x = variable("x");
        Expr y = x;
        for (int i = 0; i < CHAIN; i++) {
            y = y.plus(1);
        }
        lap(out, "build", at);
        Bindings b = Bindings.of(x, 0.5);
        check(evaluate(y, b), CHAIN + 0.5);
        lap(out, "evaluate", at);
        Expr g = grad(y, x);
        lap(out, "grad", at);
        check(evaluate(g, b), 1);
        lap(out, "evaluate grad", at);
        check(record(y, b).gradient(x), 1);
        lap(out, "tape", at);
        List<Tensor> both = compile(y, g).run(b);
        check(both.get(0), CHAIN + 0.5);
        check(both.get(1), 1);
        lap(out, "compile+run", at);
        int length = show(y).length();
        lap(out, "show", at);
        if (length != 4 * CHAIN + 1) { // "x + 1 + 1 + …"
            throw new IllegalStateException("show: " + length + " characters");
        }
        out.append(String.format("; total %.2f s", (System.nanoTime() - start) / 1e9));
        return out.toString();
    }

    private static void lap(StringBuilder out, String what, long[] at) {
        long now = System.nanoTime();
        out.append(out.isEmpty() ? "" : ", ").append(String.format("%s %.2f s", what, (now - at[0]) / 1e9));
        at[0] = now;
    }

    private static void check(Tensor t, double expected) {
        if (t.item() != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + t.item());
        }
    }
}
