package io.fluxion.example;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.constant;
import static io.fluxion.dsl.Dsl.gradients;
import static io.fluxion.dsl.Dsl.scan;
import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizer;
import io.fluxion.optim.OptimizerState;
import io.fluxion.optim.Optimizers;
import io.fluxion.optim.Step;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.collection.List;
import java.util.Random;

/**
 * An RNN cell over a sequence as one {@code scan}: an Elman cell h' = tanh(x·Wx + h·Wh + b) reads
 * a batch of sine waves one step at a time and predicts each next sample (h'·Wo + c). The loop is
 * one node of the loss, so the compiled loss and gradient stay a few instructions however long
 * the sequence, where the unrolled loop is a copy of the cell per step; both give the same loss.
 * Adam trains the cell through the loop.
 */
public final class RnnSequence {
    /** The showcase's header. */
    public static final String TITLE = "An RNN cell over a sequence (scan)";

    static final int STEPS = 60;
    static final int BATCH = 16;
    static final int HIDDEN = 12;

    private RnnSequence() {}

    /**
     * The showcase's numbers.
     *
     * @param firstLoss the mean squared error of the next-sample predictions before training
     * @param lastLoss after training
     * @param scanInstructions the compiled loss and gradient with the loop as one scan
     * @param unrolledInstructions the same with the loop unrolled
     * @param unrolledLoss the unrolled loop's loss at the start (equal to the scan's)
     */
    public record Result(double firstLoss, double lastLoss, int scanInstructions, int unrolledInstructions,
            double unrolledLoss) {}

    /** Trains for 300 Adam steps and prints its progress. */
    public static void main(String[] args) {
        System.out.println("== " + TITLE + " ==");
        run(300);
    }

    /** Trains for {@code iterations} Adam steps. */
    public static Result run(int iterations) {
        Var wx = variable("Wx", 1, HIDDEN);
        Var wh = variable("Wh", HIDDEN, HIDDEN);
        Var b = variable("b", HIDDEN);
        Var wo = variable("Wo", HIDDEN, 1);
        Var c = variable("c", 1);
        List<Var> vars = List.of(wx, wh, b, wo, c);
        Tensor[] waves = waves(new Random(1));
        Expr inputs = constant(waves[0]);
        Expr targets = constant(waves[1]);
        Expr h0 = constant(Tensor.zeros(Shape.matrix(BATCH, HIDDEN)));

        Expr predictions = scan((h, x) -> {
            Expr next = x.matmul(wx).plus(h.matmul(wh)).plus(b).tanh();
            return Tuple.of(next, next.matmul(wo).plus(c));
        }, h0, inputs)._2;
        Expr loss = predictions.minus(targets).square().mean();
        Program step = compile(List.of(loss).appendAll(gradients(loss, vars)).toJavaArray(Expr[]::new));
        Expr unrolledLoss = unrolled(h0, inputs, wx, wh, b, wo, c).minus(targets).square().mean();
        Program unrolledStep = compile(List.of(unrolledLoss).appendAll(gradients(unrolledLoss, vars))
                .toJavaArray(Expr[]::new));
        System.out.printf("%d steps of a %d-unit cell over %d waves: loss and gradient compile to %d instructions"
                + " as a scan, %d unrolled%n", STEPS, HIDDEN, BATCH, step.size(), unrolledStep.size());

        Random r = new Random(2);
        Params params = Params.of(wx, normal(r, wx.shape(), 1.0)).and(wh, normal(r, wh.shape(), 1 / Math.sqrt(HIDDEN)))
                .and(b, Tensor.zeros(b.shape())).and(wo, normal(r, wo.shape(), 1 / Math.sqrt(HIDDEN)))
                .and(c, Tensor.zeros(c.shape()));
        double unrolled = unrolledStep.run(Bindings.of(params.toMap())).head().item();
        Optimizer adam = Optimizers.adam(0.01);
        OptimizerState state = adam.init(params);
        double first = Double.NaN;
        double last = Double.NaN;
        long began = System.nanoTime();
        for (int i = 0; i <= iterations; i++) {
            List<Tensor> out = step.run(Bindings.of(params.toMap()));
            last = out.head().item();
            first = i == 0 ? last : first;
            if (i % 50 == 0 || i == iterations) {
                System.out.printf("  step %3d  loss %.4e%n", i, last);
            }
            if (i < iterations) {
                Params grads = Params.empty();
                for (int k = 0; k < vars.size(); k++) {
                    grads = grads.and(vars.get(k), out.get(k + 1));
                }
                Step s = adam.update(grads, state, params);
                params = s.params();
                state = s.state();
            }
        }
        double scanMs = (System.nanoTime() - began) / 1e6 / (iterations + 1);
        Bindings at = Bindings.of(params.toMap());
        int repeats = Math.max(1, iterations / 10);
        long unrolledBegan = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            unrolledStep.run(at);
        }
        double unrolledMs = (System.nanoTime() - unrolledBegan) / 1e6 / repeats;
        System.out.printf("first loss %.6e (unrolled: %.6e); %.2f ms per loss and gradient (unrolled: %.2f ms)%n",
                first, unrolled, scanMs, unrolledMs);
        return new Result(first, last, step.size(), unrolledStep.size(), unrolled);
    }

    /** The same cell written out once per step. */
    private static Expr unrolled(Expr h0, Expr inputs, Var wx, Var wh, Var b, Var wo, Var c) {
        Expr h = h0;
        Expr[] ys = new Expr[STEPS];
        for (int t = 0; t < STEPS; t++) {
            Expr x = inputs.slice(0, t, t + 1).squeeze(0);
            h = x.matmul(wx).plus(h.matmul(wh)).plus(b).tanh();
            ys[t] = h.matmul(wo).plus(c).expandDims(0);
        }
        return io.fluxion.dsl.Dsl.concat(0, ys);
    }

    /** Sine waves of random phase and frequency, (steps, batch, 1), and the same one step later. */
    private static Tensor[] waves(Random r) {
        double[] in = new double[STEPS * BATCH];
        double[] next = new double[STEPS * BATCH];
        for (int k = 0; k < BATCH; k++) {
            double phase = 2 * Math.PI * r.nextDouble();
            double freq = 0.15 + 0.2 * r.nextDouble();
            for (int t = 0; t < STEPS; t++) {
                in[t * BATCH + k] = Math.sin(phase + freq * t);
                next[t * BATCH + k] = Math.sin(phase + freq * (t + 1));
            }
        }
        Shape s = Shape.of(STEPS, BATCH, 1);
        return new Tensor[] {Tensor.of(s, in), Tensor.of(s, next)};
    }

    private static Tensor normal(Random r, Shape s, double scale) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * r.nextGaussian();
        }
        return Tensor.of(s, v);
    }
}
