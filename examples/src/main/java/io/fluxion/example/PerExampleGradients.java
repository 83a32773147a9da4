package io.fluxion.example;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.concat;
import static io.fluxion.dsl.Dsl.constant;
import static io.fluxion.dsl.Dsl.gradients;
import static io.fluxion.dsl.Dsl.variable;
import static io.fluxion.dsl.Dsl.vmap;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Per-example gradients with {@code vmap}, the showcase of batching: the gradient of one
 * example's loss with respect to the weights of a two-layer network, mapped over a batch, is one
 * program whose products take the whole batch at once, as {@code jax.vmap(jax.grad(loss))} and
 * PyTorch's {@code torch.func.vmap(torch.func.grad(loss))} are. With it, DP-SGD's step (clip each
 * example's gradient to norm C, then average) is a few lines and one compiled program.
 *
 * <p>It prints the largest difference from the loop over examples, then times three ways to the
 * same per-example gradients (median of several runs of each, after a warm-up): the vmapped
 * program, one program with the loop unrolled into it, and one small per-example program run once
 * per example. Run it with {@code ./mvnw -q -B -Ptour -DskipTests verify -pl examples -am
 * -Dtour.main=io.fluxion.example.PerExampleGradients}.
 */
public final class PerExampleGradients {
    private PerExampleGradients() {}

    static final int BATCH = 128;
    static final int CLASSES = 10;
    /** DP-SGD's clipping norm. */
    static final double CLIP = 1.0;

    /**
     * A network with {@code in} inputs, {@code hidden} tanh units and {@link #CLASSES} outputs.
     *
     * @param w1 the first layer's weights
     * @param b1 its biases
     * @param w2 the second layer's weights
     */
    record Network(Var w1, Var b1, Var w2) {
        static Network of(int in, int hidden) {
            return new Network(variable("w1", in, hidden), variable("b1", hidden), variable("w2", hidden, CLASSES));
        }

        /** One example's loss: x (in) and its one-hot label y (CLASSES). */
        Expr loss(Expr x, Expr y) {
            Expr logits = x.matmul(w1).plus(b1).tanh().matmul(w2);
            return logits.logSoftmax().times(y).sum().negate();
        }

        /** One example's gradient in every weight, flattened and joined: a vector of all parameters. */
        Expr flatGradient(Expr x, Expr y) {
            return concat(0, gradients(loss(x, y), List.of(w1, b1, w2)).map(g -> g.reshape(g.shape().size()))
                    .toJavaArray(Expr[]::new));
        }
    }

    /** The figures the program prints, for its test. */
    record Figures(double maxDifference, double vmapMs, double unrolledMs, double perExampleMs, int vmapInstructions,
            int unrolledInstructions) {}

    /** Prints the figures for a batch of 128, on a 256-64-10 network and on a small 16-8-10 one. */
    public static void main(String[] args) {
        run(BATCH, 256, 64, 15);
        System.out.println();
        run(BATCH, 16, 8, 15);
    }

    static Figures run(int batch, int in, int hidden, int repeats) {
        Network net = Network.of(in, hidden);
        Var xs = variable("xs", batch, in);
        Var ys = variable("ys", batch, CLASSES);
        Bindings at = bindings(net, xs, ys, batch, in, hidden, new Random(16));
        BiFunction<Expr, Expr, Expr> perExample = net::flatGradient;

        // The showcase: per-example gradients (batch, parameters) as one expression, then DP-SGD's
        // clipped mean, every example's gradient scaled to norm at most CLIP.
        Expr grads = vmap(perExample).apply(xs, ys);
        Expr norms = grads.square().sum(1).sqrt();
        Expr factor = norms.gt(constant(CLIP)).select(constant(CLIP).div(norms), constant(1));
        Expr clipped = grads.times(factor.expandDims(1)).mean(0);
        Program vmapped = compile(grads, clipped);

        // The same by a loop: unrolled into one program, and one small program run per example.
        Expr unrolled = concat(0, List.range(0, batch).map(e -> perExample.apply(
                xs.slice(0, e, e + 1).squeeze(0), ys.slice(0, e, e + 1).squeeze(0)).expandDims(0))
                .toJavaArray(Expr[]::new));
        Program loop = compile(unrolled);
        Var x = variable("x", in);
        Var y = variable("y", CLASSES);
        Program one = compile(perExample.apply(x, y));

        List<Tensor> out = vmapped.run(at);
        Tensor byVmap = out.head();
        Tensor byLoop = loop.run(at).head();
        double diff = maxDifference(byVmap, byLoop);
        System.out.printf("Per-example gradients of a %d-%d-%d network, batch %d: %d parameters per example%n",
                in, hidden, CLASSES, batch, byVmap.shape().dim(1));
        System.out.printf("vmap vs the loop over examples: largest difference %.2e%n", diff);
        System.out.printf("per-example gradient norms (first 5): %s; clipped mean's norm %.4f (clip %.1f)%n",
                Arrays.toString(Arrays.copyOf(round(tensorNorms(byVmap)), Math.min(5, batch))), norm(out.get(1)), CLIP);

        Tensor xv = at.get(xs).get();
        Tensor yv = at.get(ys).get();
        Bindings[] examples = new Bindings[batch];
        for (int e = 0; e < batch; e++) {
            examples[e] = at.and(x, xv.slice(0, e, e + 1).reshape(Shape.vector(in)))
                    .and(y, yv.slice(0, e, e + 1).reshape(Shape.vector(CLASSES)));
        }
        double tv = median(repeats, () -> vmapped.run(at));
        double tu = median(repeats, () -> loop.run(at));
        double tp = median(repeats, () -> {
            for (Bindings b : examples) {
                one.run(b);
            }
        });
        System.out.printf("Speed, median of %d runs: vmap %.2f ms (%d instructions); loop unrolled into one program "
                        + "%.2f ms (%d instructions); a per-example program run %d times %.2f ms%n",
                repeats, tv, vmapped.size(), tu, loop.size(), batch, tp);
        System.out.printf("vmap is %.1f times as fast as the unrolled loop and %.1f times as fast as the per-example runs%n",
                tu / tv, tp / tv);
        return new Figures(diff, tv, tu, tp, vmapped.size(), loop.size());
    }

    private static Bindings bindings(Network net, Var xs, Var ys, int batch, int in, int hidden, Random r) {
        double[] y = new double[batch * CLASSES];
        for (int e = 0; e < batch; e++) {
            y[e * CLASSES + r.nextInt(CLASSES)] = 1;
        }
        return Bindings.of(xs, normal(r, 1, batch, in)).and(ys, Tensor.of(Shape.of(batch, CLASSES), y))
                .and(net.w1(), normal(r, 1 / Math.sqrt(in), in, hidden)).and(net.b1(), normal(r, 0.1, hidden))
                .and(net.w2(), normal(r, 1 / Math.sqrt(hidden), hidden, CLASSES));
    }

    private static Tensor normal(Random r, double sd, int... dims) {
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = sd * r.nextGaussian();
        }
        return Tensor.of(s, d);
    }

    /** The median wall time of a run, in milliseconds, after as many runs to warm up. */
    private static double median(int repeats, Runnable run) {
        for (int i = 0; i < repeats; i++) {
            run.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            run.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }

    private static double maxDifference(Tensor a, Tensor b) {
        double[] x = a.toArray();
        double[] y = b.toArray();
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    private static double[] tensorNorms(Tensor g) {
        int n = g.shape().dim(0);
        int p = g.shape().dim(1);
        double[] d = g.toArray();
        double[] out = new double[n];
        for (int e = 0; e < n; e++) {
            double s = 0;
            for (int i = 0; i < p; i++) {
                s += d[e * p + i] * d[e * p + i];
            }
            out[e] = Math.sqrt(s);
        }
        return out;
    }

    private static double norm(Tensor t) {
        double s = 0;
        for (double d : t.toArray()) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static double[] round(double[] d) {
        return Arrays.stream(d).map(v -> Math.round(v * 1e4) / 1e4).toArray();
    }
}
