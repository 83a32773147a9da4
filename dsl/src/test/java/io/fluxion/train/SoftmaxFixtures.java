package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;

import io.fluxion.data.Dataset;
import io.fluxion.expr.Var;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.GradientTransformation;
import io.fluxion.optim.Optimizer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.Random;

/** Softmax regression on random one-hot data, for the tests of how a step runs. */
final class SoftmaxFixtures {
    /** Input features. */
    static final int D = 12;
    /** Classes. */
    static final int K = 4;

    private SoftmaxFixtures() {}

    /** The same optimizer without its symbolic form, so that training takes the tensor path. */
    static <S> Optimizer<S> tensorOnly(Optimizer<S> opt) {
        GradientTransformation<S> t = opt.transformation();
        return Optimizer.of(opt.name(), GradientTransformation.of(t::init, t::update));
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
