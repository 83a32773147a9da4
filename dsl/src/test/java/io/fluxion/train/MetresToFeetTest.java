package io.fluxion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Dataset;
import io.fluxion.expr.Var;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import org.junit.jupiter.api.Test;

/**
 * Recipe S5: metres to feet with one Dense unit and Adam, by hand against plain Java, then a grid
 * search over the learning rate with 3-fold cross-validation and a refit.
 */
class MetresToFeetTest {
    private static final double[] METRES = Feet.METRES;
    private static final double[] FEET = Feet.FEET;
    private static final Dataset DATA = Feet.DATA;

    @Test
    void theHandLoopMatchesAdamWrittenOutInPlainJava() {
        Model dense = Dense.of(1, 1, 42L);
        Var kernel = dense.params().vars().get(0);
        Var bias = dense.params().vars().get(1);
        Stream<Epoch> epochs = Training.of(dense, Losses::mse, Optimizers.adam(0.1)).epochs(DATA, 1);

        double lr = 0.1;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double w = dense.params().get(kernel).item();
        double b = 0;
        double mw = 0;
        double vw = 0;
        double mb = 0;
        double vb = 0;
        int t = 0;
        for (Epoch e : epochs.take(100)) {
            double lossSum = 0;
            for (int i = 0; i < METRES.length; i++) {
                double d = w * METRES[i] + b - FEET[i];
                lossSum += d * d;
                double gw = 2 * d * METRES[i];
                double gb = 2 * d;
                t++;
                mw = b1 * mw + (1 - b1) * gw;
                vw = b2 * vw + (1 - b2) * gw * gw;
                mb = b1 * mb + (1 - b1) * gb;
                vb = b2 * vb + (1 - b2) * gb * gb;
                double c1 = 1 - Math.pow(b1, t);
                double c2 = Math.sqrt(1 - Math.pow(b2, t));
                w -= lr * (mw / c1) / (Math.sqrt(vw) / c2 + eps);
                b -= lr * (mb / c1) / (Math.sqrt(vb) / c2 + eps);
            }
            assertEquals(lossSum / METRES.length, e.loss(), 1e-9, "loss of epoch " + e.epoch());
            assertEquals(w, e.params().get(kernel).item(), 1e-9, "kernel after epoch " + e.epoch());
            assertEquals(b, e.params().get(bias).item(), 1e-9, "bias after epoch " + e.epoch());
        }
    }

    @Test
    void gridSearchPicksALargeRateAndTheRefitConvertsAHundredMetres() {
        long started = System.nanoTime();
        GridResult<Double> best = GridSearch.of(List.of(0.001, 0.01, 0.1, 0.2, 0.25, 0.3),
                        lr -> Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.adam(lr)))
                .folds(3).epochs(500).batchSize(1).seed(0L).run(DATA);
        double lr = best.best();
        Model fitted = best.refit();
        Tensor feet = fitted.predict(Tensor.of(Shape.of(1, 1), 100));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("S5 grid search: best lr %s, 100 m -> %.4f ft, %.1f s%n%s%n", lr, feet.item(), seconds, best);
        assertTrue(lr >= 0.1, "best lr " + lr + "\n" + best);
        assertEquals(328.084, feet.item(), 1.0);
        assertEquals(6, best.scores().size());
        assertTrue(best.scores().forAll(s -> s.folds().size() == 3));
        assertTrue(seconds < 30, "the grid search took " + seconds + " s");
    }
}
