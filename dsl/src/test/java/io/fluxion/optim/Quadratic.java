package io.fluxion.optim;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;

/**
 * The test problem: a vector v (3) and a matrix W (2, 2) minimising the squared distance to a
 * fixed target, so the gradient is {@code 2 (p - target)}. Start and target have no element near
 * 0, and each target lies further from 0 than its start, so parameters never cross 0 and a
 * relative tolerance is meaningful.
 */
final class Quadratic {
    static final Var V = variable("v", 3);
    static final Var W = variable("W", 2, 2);
    static final double[][] START = {{2.0, -3.0, 4.5}, {1.5, -2.5, 3.0, -4.0}};
    static final double[][] TARGET = {{5.0, -6.0, 7.5}, {4.0, -5.5, 6.0, -8.0}};
    static final double RELATIVE = 1e-12;

    private Quadratic() {}

    static Params start() {
        return Params.of(V, Tensor.of(Shape.of(3), START[0])).and(W, Tensor.of(Shape.of(2, 2), START[1]));
    }

    static Params target() {
        return Params.of(V, Tensor.of(Shape.of(3), TARGET[0])).and(W, Tensor.of(Shape.of(2, 2), TARGET[1]));
    }

    /** The gradient, with the library's Tensor arithmetic. */
    static Params grads(Params p) {
        return p.zipWith(target(), (x, t) -> x.minus(t).times(2));
    }

    /** The gradient, in plain loops for the reference. */
    static double[][] grads(double[][] p) {
        double[][] g = new double[p.length][];
        for (int k = 0; k < p.length; k++) {
            g[k] = new double[p[k].length];
            for (int i = 0; i < p[k].length; i++) {
                g[k][i] = 2 * (p[k][i] - TARGET[k][i]);
            }
        }
        return g;
    }

    static double[][] copyOfStart() {
        return new double[][] {START[0].clone(), START[1].clone()};
    }

    /** The parameters after each of {@code steps} steps of {@code opt} from {@link #start()}. */
    static List<Params> run(Optimizer opt, int steps) {
        Params p = start();
        OptimizerState s = opt.init(p);
        List<Params> out = List.empty();
        for (int t = 0; t < steps; t++) {
            Step step = opt.update(grads(p), s, p);
            p = step.params();
            s = step.state();
            out = out.append(p);
        }
        return out;
    }

    /**
     * Runs {@code opt} and the PyTorch formula side by side for {@code steps} steps and checks
     * they agree after each one to {@link #RELATIVE}.
     */
    static void agree(Optimizer opt, TorchReference.Step torch, int steps) {
        List<Params> ours = run(opt, steps);
        double[][] p = copyOfStart();
        for (int t = 1; t <= steps; t++) {
            torch.step(t, p, grads(p));
            assertClose(p, ours.get(t - 1), opt.name() + " step " + t);
        }
    }

    static void assertClose(double[][] expected, Params actual, String where) {
        assertEquals(List.of(V, W), actual.vars(), where);
        double[][] got = {actual.get(V).toArray(), actual.get(W).toArray()};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k].length, got[k].length, where);
            for (int i = 0; i < expected[k].length; i++) {
                double e = expected[k][i];
                double a = got[k][i];
                if (!(Math.abs(a - e) <= RELATIVE * Math.abs(e))) {
                    fail(where + ", parameter " + k + " element " + i + ": PyTorch's formula gives " + e
                            + ", the optimizer " + a + " (relative error " + Math.abs(a - e) / Math.abs(e) + ")");
                }
            }
        }
    }
}
