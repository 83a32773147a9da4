package io.fluxion.interp;

import static io.fluxion.interp.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/**
 * A 100,000-step scan compiles into a program of a few instructions whose buffers hold the
 * carries at every step, not the body's intermediates at every step, and computes what a plain
 * loop computes, gradients included.
 */
class ScanScaleTest {
    private static final int STEPS = 100_000;
    /** Each step makes an intermediate this wide, which a tape of the unrolled loop would keep per step. */
    private static final int WIDE = 1_000;
    private static final double DT = 1e-5;

    private final Var a = Var.of("a", Shape.matrix(2, 2));

    /** Euler steps of c' = c·A, through a wide intermediate from which c is read back exactly. */
    private Tuple2<Expr, Expr> euler(Var c0, Var forcing) {
        return Scan.scan((c, x) -> {
            Expr wide = c.expandDims(1).broadcastTo(Shape.matrix(2, WIDE)).slice(1, WIDE - 1, WIDE).squeeze(1);
            Expr next = wide.plus(c.matmul(a).plus(x).times(DT));
            return Tuple.of(next, next.sum());
        }, c0, forcing);
    }

    private Program gradientProgram(int steps) {
        Var c0 = Var.of("c0", Shape.vector(2));
        Var forcing = Var.of("f", Shape.matrix(steps, 2));
        Tuple2<Expr, Expr> r = euler(c0, forcing);
        Expr loss = r._1.sum().plus(r._2.sum().times(1e-3));
        return Compile.compile(List.of(r._1).appendAll(Reverse.gradients(loss, List.of(c0, a))));
    }

    @Test
    void theProgramDoesNotGrowWithTheStepsAndHoldsCarriesNotBodies() {
        Program small = gradientProgram(10);
        Program large = gradientProgram(STEPS);
        assertEquals(small.size(), large.size(), () -> "instructions for 10 steps:\n" + small.listing()
                + "\nfor " + STEPS + ":\n" + large.listing());
        // Carries (2), outputs (1), their cotangents and the backward loop's carries and outputs:
        // about ten elements per step. Per-step intermediates would be 2 * WIDE per step.
        long perStep = large.heldElements() / STEPS;
        assertTrue(perStep <= 40, () -> "registers and constants hold " + large.heldElements() + " elements, " + perStep
                + " per step:\n" + large.listing());
    }

    @Test
    void aHundredThousandStepsComputeWhatAPlainLoopComputes() {
        Var c0 = Var.of("c0", Shape.vector(2));
        Var forcing = Var.of("f", Shape.matrix(STEPS, 2));
        Tuple2<Expr, Expr> r = euler(c0, forcing);
        Program p = Compile.compile(List.of(r._1).appendAll(Reverse.gradients(r._1.sum(), List.of(c0, a))));
        double[][] m = {{0, 1}, {-1, 0}};
        Bindings b = Bindings.empty().and(c0, Tensor.vector(1, 0)).and(a, Tensor.of(m))
                .and(forcing, Tensor.zeros(forcing.shape()));
        List<Tensor> out = p.run(b);
        double[] c = {1, 0};
        double[] g = {1, 1};
        for (int k = 0; k < STEPS; k++) {
            // c ← c + dt c·A (a row vector times A); the gradient of sum(final) in c0: g ← (I + dt A) g.
            c = new double[] {c[0] + DT * (c[0] * m[0][0] + c[1] * m[1][0]), c[1] + DT * (c[0] * m[0][1] + c[1] * m[1][1])};
            g = new double[] {g[0] + DT * (m[0][0] * g[0] + m[0][1] * g[1]), g[1] + DT * (m[1][0] * g[0] + m[1][1] * g[1])};
        }
        assertClose(Tensor.vector(c), out.get(0), 1e-12, 1e-12, "final state");
        assertClose(Tensor.vector(g), out.get(1), 1e-12, 1e-12, "gradient in the initial state");
        assertEquals(new Const(Tensor.zeros(Shape.matrix(2, 2))).shape(), out.get(2).shape());
    }
}
