package io.fluxion.interp;

import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Blas;
import io.vavr.collection.List;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The same compiled gradient on the same inputs gives the same bits on every run in one JVM,
 * however far the JIT has got: the first runs are interpreted, later ones compiled. Core's pom
 * runs this class a second time with the native BLAS out of reach and the Vector API present, as
 * on a Spark executor without libblas, where netlib falls back to pure Java; that run names the
 * BLAS it expects in {@code fluxion.test.blas}. A batch of 128 makes the products large enough
 * (10⁶ multiply-adds and more) for netlib's blocked pure-Java path, whose vector version summed
 * lanes in an order that changed when the JIT compiled it.
 */
class RepeatableBitsTest {
    private static final int RUNS = 300;

    @Test
    void softmaxRegressionGradientGivesOneResultInThreeHundredRuns() {
        Var x = Var.of("x", Shape.matrix(128, 784));
        Var w = Var.of("w", Shape.matrix(784, 10));
        Var b = Var.of("b", Shape.vector(10));
        Random r = new Random(7);
        double[] oneHot = new double[128 * 10];
        for (int i = 0; i < 128; i++) {
            oneHot[i * 10 + r.nextInt(10)] = 1;
        }
        Expr logits = x.matmul(w).plus(b);
        Expr loss = logits.softmax().log().times(new Const(Tensor.of(Shape.matrix(128, 10), oneHot))).sum(1).negate()
                .mean();
        Program p = Compile.compile(List.<Expr>of(loss).appendAll(Reverse.gradients(loss, List.of(w, b))));
        Bindings at = Bindings.of(x, uniform(r, x.shape(), 0, 1)).and(w, uniform(r, w.shape(), -0.1, 0.1))
                .and(b, uniform(r, b.shape(), -0.1, 0.1));

        Set<List<Tensor>> distinct = new HashSet<>();
        for (int i = 0; i < RUNS; i++) {
            distinct.add(p.run(at));
        }
        assertEquals(1, distinct.size(), "distinct results of " + RUNS + " runs with BLAS " + Blas.implementation());
        String expected = System.getProperty("fluxion.test.blas");
        if (expected != null) {
            assertEquals(expected, Blas.implementation(), "the BLAS this run is meant to exercise");
        }
    }
}
