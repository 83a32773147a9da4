package io.fluxion.interp;

import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One program run from eight threads at once gives, run by run, the results it gives alone. */
class ConcurrentRunTest {
    private static final int THREADS = 8;
    private static final int RUNS = 300;

    @Test
    void eightThreadsShareOneProgram() throws Exception {
        Var x = Var.of("x", Shape.matrix(6, 5));
        Var w = Var.of("w", Shape.matrix(5, 4));
        Var b = Var.of("b", Shape.vector(4));
        Expr h = x.matmul(w).plus(b).tanh();
        Expr loss = h.logSoftmax().mean().negate().plus(h.square().sum(0).max(0));
        List<Expr> outputs = List.<Expr>of(loss).appendAll(Reverse.gradients(loss, List.of(w, b)));
        Program p = Compile.compile(outputs);

        // Two bindings per thread, and the results of each run alone.
        Random r = new Random(42);
        Bindings[][] bindings = new Bindings[THREADS][2];
        List<?>[][] alone = new List<?>[THREADS][2];
        for (int t = 0; t < THREADS; t++) {
            for (int k = 0; k < 2; k++) {
                bindings[t][k] = Bindings.of(x, uniform(r, x.shape(), -2, 2)).and(w, uniform(r, w.shape(), -1, 1))
                        .and(b, uniform(r, b.shape(), -1, 1));
                alone[t][k] = p.run(bindings[t][k]);
            }
        }

        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            ArrayList<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    int mismatches = 0;
                    for (int i = 0; i < RUNS; i++) {
                        int k = i % 2;
                        List<Tensor> got = p.run(bindings[id][k]);
                        if (!got.equals(alone[id][k])) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (int t = 0; t < THREADS; t++) {
                assertEquals(0, done.get(t).get(), "runs of thread " + t + " that differed from a run alone");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
