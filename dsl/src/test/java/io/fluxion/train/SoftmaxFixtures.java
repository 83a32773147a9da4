package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.data.Batch;
import io.fluxion.data.Dataset;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Step;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;

/** Softmax regression on random one-hot data, for the tests of how a step runs. */
final class SoftmaxFixtures {
    /** Input features. */
    static final int D = 12;
    /** Classes. */
    static final int K = 4;

    private SoftmaxFixtures() {}

    /**
     * The state after {@code epochs} epochs of {@code t} (shuffled from {@code seed} as
     * {@link Training#epochs(Dataset, int, long)} does), each step's gradients from the program of
     * loss and gradients and the update by {@link io.fluxion.optim.Optimizer#update}, the
     * optimizer evaluated alone: the reference a fused step must agree with.
     */
    static TrainState eager(Training t, Dataset data, int batchSize, long seed, int epochs) {
        TrainState s = t.start();
        for (int e = 1; e <= epochs; e++) {
            s = TrainState.start(s.params(), s.optimizerState());
            for (Batch b : data.shuffle(Seeds.forEpoch(seed, e)).batches(batchSize)) {
                s = eager(t, s, b);
            }
        }
        return s;
    }

    /** One step as {@link #eager(Training, Dataset, int, long, int)} takes it. */
    static TrainState eager(Training t, TrainState s, Batch b) {
        int m = t.objective().metricNames().size();
        Programs.Compiled c = t.programs().step(b.x().shape(), b.y().shape());
        List<Tensor> out = c.program().run(Bindings.of(s.params().toMap()).and(c.x(), b.x()).and(c.y(), b.y()));
        Params g = s.params().vars().zip(out.drop(1 + m)).foldLeft(Params.empty(), (p, vg) -> p.and(vg._1, vg._2));
        Step step = t.optimizer().update(g, s.optimizerState(), s.params());
        return s.next(step.params(), step.state(), b.size(), out.head().item(), t.objective().metricNames(),
                out.drop(1).take(m).map(Tensor::item));
    }

    /** Softmax regression D → K from small random weights. */
    static Model softmax(long seed) {
        Var w = variable("W", D, K);
        Var b = variable("b", K);
        Random r = new Random(seed);
        double[] wd = new double[D * K];
        for (int i = 0; i < wd.length; i++) {
            wd[i] = 0.3 * r.nextGaussian();
        }
        return Model.of(x -> x.matmul(w).plus(b).softmax(),
                Params.of(w, Tensor.of(Shape.of(D, K), wd)).and(b, Tensor.vector(0.1, -0.1, 0.2, 0)));
    }

    /** n examples of D features with one-hot labels of K classes, from a seed. */
    static Dataset data(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n * D];
        double[] y = new double[n * K];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < D; j++) {
                x[i * D + j] = r.nextDouble();
            }
            y[i * K + r.nextInt(K)] = 1;
        }
        return Dataset.of(Tensor.of(Shape.of(n, D), x), Tensor.of(Shape.of(n, K), y));
    }
}
