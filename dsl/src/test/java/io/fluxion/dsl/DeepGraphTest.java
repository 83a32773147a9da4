package io.fluxion.dsl;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.record;
import static io.fluxion.dsl.Dsl.show;
import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Show;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Deep and heavily shared graphs: every interpreter is iterative (a million-node chain runs on a
 * thread with the default stack) and memoised by identity (y = y * y sixty times costs linear, not
 * exponential, work and text).
 */
class DeepGraphTest {
    private static final int CHAIN = 1_000_000;

    /** Runs the body on a new thread with the default stack size (not the larger stack of the main thread). */
    private static void onDefaultStack(Runnable body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * A chain a million additions deep through every interpreter: evaluate, the gradient, a tape,
     * compile and run, and show. The constant 1 is one shared node (as a program would hold it),
     * so the chain is a million nodes, not two million, and the test stays cheap at full depth.
     */
    @Test
    void aMillionPlusOnes() throws Throwable {
        onDefaultStack(() -> {
            Var x = variable("x");
            Expr one = Const.of(1);
            Expr y = x;
            for (int i = 0; i < CHAIN; i++) {
                y = y.plus(one);
            }
            Bindings at = Bindings.of(x, 0.5);
            double expected = CHAIN + 0.5; // every partial sum is exact in double precision
            assertEquals(expected, evaluate(y, at).item(), 0);
            Expr g = grad(y, x);
            assertEquals(1.0, evaluate(g, at).item(), 0);
            assertEquals(1.0, record(y, at).gradient(x).item(), 0);
            List<Tensor> out = compile(y, g).run(at);
            assertEquals(expected, out.get(0).item(), 0);
            assertEquals(1.0, out.get(1).item(), 0);
            String text = show(y);
            assertEquals(4 * CHAIN + 1, text.length());
            assertTrue(text.startsWith("x + 1 + 1") && text.endsWith(" + 1"), text.substring(0, 40));
        });
    }

    /** 100,000 levels are far more than a recursive walk could take on a default 1 MB stack. */
    @Test
    void aDeepChainWhoseGradientIsAsDeep() throws Throwable {
        int n = 100_000;
        onDefaultStack(() -> {
            Var x = variable("x");
            Expr y = x;
            for (int i = 0; i < n; i++) {
                y = y.plus(x);
            }
            // y = (n + 1) x, and its gradient is itself a chain of n additions of cotangents.
            Bindings at = Bindings.of(x, 0.25);
            assertEquals((n + 1) * 0.25, evaluate(y, at).item(), 0);
            Expr g = grad(y, x);
            assertTrue(Graph.topologicalOrder(List.of(g)).size() > n, "the gradient is a deep expression");
            assertEquals(n + 1.0, evaluate(g, at).item(), 0);
            assertEquals(n + 1.0, evaluate(grad(g.times(x), x), at).item(), 0);
            assertEquals(n + 1.0, record(y, at).gradient(x).item(), 0);
            assertEquals(n + 1.0, compile(g).run(at).head().item(), 0);
            assertTrue(Show.show(y, 40).startsWith("x + x + x + x"), Show.show(y, 40));
            assertEquals(4 * n + 1, show(y).length());
        });
    }

    @Test
    void simplifyingADeepChainOfIdentities() throws Throwable {
        onDefaultStack(() -> {
            Var x = variable("x", 3);
            Expr y = x;
            for (int i = 0; i < 50_000; i++) {
                y = y.times(1).plus(0).negate();
            }
            // an even number of negations: every node is an identity away from x
            Expr simple = Dsl.simplify(y);
            assertTrue(simple == x, () -> Show.show(simple, 100));
            var program = compile(y);
            assertEquals(0, program.size());
            Tensor v = Tensor.vector(1, 2, 3);
            assertEquals(v, program.run(Bindings.of(x, v)).head());
        });
    }

    @Test
    void squaringSixtyTimes() {
        Var x = variable("x");
        Expr y = x;
        for (int i = 0; i < 60; i++) {
            y = y.times(y);
        }
        // y = x^(2^60); at x = ±1 every intermediate value is exact.
        double n = Math.scalb(1.0, 60);
        Expr g = grad(y, x);
        Expr g2 = grad(g, x);
        int primal = Graph.topologicalOrder(List.of(y)).size();
        int first = Graph.topologicalOrder(List.of(g)).size();
        int second = Graph.topologicalOrder(List.of(g2)).size();
        assertEquals(61, primal);
        // Each level adds a bounded number of nodes: linear in depth, where a tree would have 2^60.
        assertTrue(first <= 6 * 61, "gradient nodes: " + first);
        assertTrue(second <= 30 * 61, "second derivative nodes: " + second);
        assertEquals(1.0, evaluate(y, Bindings.of(x, 1.0)).item(), 0);
        assertEquals(n, evaluate(g, Bindings.of(x, 1.0)).item(), 0);
        assertEquals(-n, evaluate(g, Bindings.of(x, -1.0)).item(), 0);
        assertEquals(n, record(y, Bindings.of(x, 1.0)).gradient(x).item(), 0);
        assertEquals(n, compile(g).run(Bindings.of(x, 1.0)).head().item(), 0);
        // d²/dx² x^N = N (N - 1)
        assertEquals(n * (n - 1), evaluate(g2, Bindings.of(x, 1.0)).item(), 1e-12 * n * n);
    }

    @Test
    void showOfSquaringSixtyTimesUsesLetBindings() {
        Var x = variable("x");
        Expr y = x;
        for (int i = 0; i < 60; i++) {
            y = y.times(y);
        }
        String text = show(y);
        assertTrue(text.startsWith("let "), text);
        assertTrue(text.length() < 2_000, "text of length " + text.length());
        String gradient = show(grad(y, x));
        assertTrue(gradient.startsWith("let ") && gradient.length() < 20_000, "gradient text of length "
                + gradient.length());
    }
}
