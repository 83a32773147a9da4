package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.data.Dataset;
import io.fluxion.expr.Var;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.Stream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Recipes S2 and S3: linear regression by full-batch gradient descent, checked epoch by epoch
 * against the same arithmetic written out in plain Java, and S3 against the tutorial's trace.
 */
class LinearRegressionTest {

    /** S2: 200 points, x ~ U(0, 1), y = 0.3 + 0.5 x + N(0, 0.3); a + b x from 0, 0; SSE; SGD 0.001; 70 epochs. */
    @Test
    void s2MatchesThePlainJavaLoopAtEveryEpoch() {
        Random r = new Random(2);
        int n = 200;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
            y[i] = 0.3 + 0.5 * x[i] + 0.3 * r.nextGaussian();
        }
        Var a = variable("a");
        Var b = variable("b");
        Model model = Model.of(in -> a.plus(b.times(in)), Params.of(a, Tensor.scalar(0)).and(b, Tensor.scalar(0)));
        Stream<Epoch> epochs = Training.of(model, Losses::sse, Optimizers.sgd(0.001))
                .epochs(Dataset.of(Tensor.vector(x), Tensor.vector(y)), n);

        double pa = 0;
        double pb = 0;
        for (Epoch e : epochs.take(70)) {
            double sse = 0;
            double ga = 0;
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double d = pa + pb * x[i] - y[i];
                sse += d * d;
                ga += 2 * d;
                gb += 2 * d * x[i];
            }
            pa -= 0.001 * ga;
            pb -= 0.001 * gb;
            assertEquals(sse, e.loss(), 1e-9, "loss of epoch " + e.epoch());
            assertEquals(pa, e.params().get(a).item(), 1e-9, "a after epoch " + e.epoch());
            assertEquals(pb, e.params().get(b).item(), 1e-9, "b after epoch " + e.epoch());
        }
        // The fit is near the truth: 70 epochs of lr 0.001 on 200 points get close to least squares.
        assertEquals(0.3, pa, 0.15);
        assertEquals(0.5, pb, 0.25);
    }

    /** S3: 201 points on [-2, 2], y = 3x + 2 + N(0, 1); W = 5, b = 0; MSE; SGD 0.1; batch 1000 (all). */
    @Test
    void s3MatchesThePlainJavaLoopAtEveryEpoch() {
        double[] x = linspace();
        double[] y = new double[x.length];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            y[i] = 3 * x[i] + 2 + r.nextGaussian();
        }
        Var w = variable("W");
        Var b = variable("b");
        Stream<Epoch> epochs = s3(w, b, x, y);

        int n = x.length;
        double pw = 5;
        double pb = 0;
        for (Epoch e : epochs.take(10)) {
            double mse = 0;
            double gw = 0;
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double d = pw * x[i] + pb - y[i];
                mse += d * d / n;
                gw += 2 * d * x[i] / n;
                gb += 2 * d / n;
            }
            pw -= 0.1 * gw;
            pb -= 0.1 * gb;
            assertEquals(mse, e.loss(), 1e-9, "loss of epoch " + e.epoch());
            assertEquals(pw, e.params().get(w).item(), 1e-9, "W after epoch " + e.epoch());
            assertEquals(pb, e.params().get(b).item(), 1e-9, "b after epoch " + e.epoch());
        }
    }

    /** S3 without noise follows the tutorial's printed trace to within 0.02 at every epoch. */
    @Test
    void s3WithoutNoiseFollowsTheTutorialTrace() {
        double[] traceW = {4.46, 4.06, 3.77, 3.56, 3.40, 3.29, 3.21, 3.15, 3.10, 3.07};
        double[] traceB = {0.40, 0.72, 0.97, 1.18, 1.34, 1.47, 1.58, 1.66, 1.73, 1.78};
        double[] x = linspace();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 3 * x[i] + 2;
        }
        Var w = variable("W");
        Var b = variable("b");
        Stream<Epoch> epochs = s3(w, b, x, y);
        for (int e = 0; e < 10; e++) {
            Epoch epoch = epochs.get(e);
            assertEquals(e + 1, epoch.epoch());
            assertEquals(traceW[e], epoch.params().get(w).item(), 0.02, "W after epoch " + (e + 1));
            assertEquals(traceB[e], epoch.params().get(b).item(), 0.02, "b after epoch " + (e + 1));
        }
    }

    private static Stream<Epoch> s3(Var w, Var b, double[] x, double[] y) {
        Model model = Model.of(in -> in.times(w).plus(b), Params.of(w, Tensor.scalar(5)).and(b, Tensor.scalar(0)));
        Dataset data = Dataset.of(Tensor.of(Shape.of(x.length, 1), x), Tensor.of(Shape.of(y.length, 1), y));
        return Training.of(model, Losses::mse, Optimizers.sgd(0.1)).epochs(data, 1000);
    }

    /** NumPy's {@code linspace(-2, 2, 201)}. */
    private static double[] linspace() {
        double[] x = new double[201];
        for (int i = 0; i < x.length; i++) {
            x[i] = -2 + 4.0 * i / 200;
        }
        return x;
    }
}
