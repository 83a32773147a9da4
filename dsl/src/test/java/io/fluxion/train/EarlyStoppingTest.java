package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Params;
import io.fluxion.optim.OptimizerState;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Keras's early-stopping rules on constructed sequences, restoring the best, laziness, and a real run. */
class EarlyStoppingTest {
    private static final Var P = variable("p");
    /** Any optimizer state: these tests read the parameters. */
    private static final OptimizerState STATE = Optimizers.sgd(0.1).init(Params.of(P, Tensor.scalar(0)));

    /** Epochs numbered from 1 with these losses; epoch i's parameter p is i, so restored weights show where they came from. */
    private static Stream<Epoch> losses(double... values) {
        return Stream.range(0, values.length).map(i -> epoch(i + 1, values[i], LinkedHashMap.empty()));
    }

    private static Epoch epoch(int n, double loss, LinkedHashMap<String, Double> metrics) {
        return Epoch.of(n, Params.of(P, Tensor.scalar(n)), STATE, loss, metrics);
    }

    private static double from(Epoch e) {
        return e.params().get(P).item();
    }

    @Test
    void stopsAfterPatienceEpochsWithoutAnImprovementLargerThanMinDelta() {
        List<Epoch> out = EarlyStopping.of(3, 0.01).apply(losses(1.0, 0.9, 0.95, 0.92, 0.91, 0.5, 0.4)).toList();
        // 0.95, 0.92 and 0.91 do not beat 0.9 by more than 0.01: the third of them is the last epoch.
        assertEquals(List.of(1, 2, 3, 4, 5), out.map(Epoch::epoch));
        assertEquals(List.of(1.0, 0.9, 0.95, 0.92, 0.91), out.map(Epoch::loss), "each keeps its own loss");
        assertEquals(List.of(1.0, 2.0, 2.0, 2.0, 2.0), out.map(EarlyStoppingTest::from), "each carries the best so far");
    }

    @Test
    void minDeltaDecidesWhatCountsAsAnImprovement() {
        Stream<Epoch> slow = losses(1.0, 0.995, 0.99, 0.985, 0.98);
        assertEquals(3, EarlyStopping.of(2, 0.01).apply(slow).size());
        assertEquals(5, EarlyStopping.of(2, 0).apply(slow).size());
        assertEquals(3, EarlyStopping.of(2, -0.01).apply(slow).size(), "the sign of minDelta is ignored, as in Keras");
    }

    @Test
    void neverFiringStillCarriesTheBestOfTheEpochsTaken() {
        Stream<Epoch> s = EarlyStopping.of(5, 0).apply(losses(1.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0, 1.1));
        Epoch last = s.take(4).last();
        assertEquals(4, last.epoch());
        assertEquals(0.8, last.loss());
        assertEquals(2.0, from(last));
        Epoch own = EarlyStopping.of(5, 0).restoreBest(false).apply(losses(1.0, 0.5, 0.7, 0.8)).last();
        assertEquals(4.0, from(own), "without restoring, an epoch keeps its own parameters");
    }

    @Test
    void maxModeForAccuraciesAndAutoGuessesIt() {
        Stream<Epoch> acc = Stream.of(0.5, 0.6, 0.6, 0.55, 0.7).zipWithIndex()
                .map(a -> epoch(a._2 + 1, 1.0, LinkedHashMap.of("val_accuracy", a._1)));
        List<Epoch> auto = EarlyStopping.of(2, 0).monitor("val_accuracy").apply(acc).toList();
        assertEquals(4, auto.size());
        assertEquals(2.0, from(auto.last()));
        assertEquals(4, EarlyStopping.of(2, 0).monitor("val_accuracy").mode(EarlyStopping.Mode.MAX).apply(acc).size());
        assertEquals(3, EarlyStopping.of(2, 0).monitor("val_accuracy").mode(EarlyStopping.Mode.MIN).apply(acc).size());
    }

    @Test
    void improvementsThatMissTheBaselineDoNotResetTheWait() {
        // Keras: the first epoch improves on nothing but not on the baseline 0.5, so the wait stays 1.
        assertEquals(2, EarlyStopping.of(2, 0).baseline(0.5).apply(losses(0.8, 0.9, 0.9, 0.9)).size());
        assertEquals(3, EarlyStopping.of(2, 0).apply(losses(0.8, 0.9, 0.9, 0.9)).size());
        // Improvements never stop training, even above the baseline; 0.4 beats it and resets the wait.
        assertEquals(6, EarlyStopping.of(2, 0).baseline(0.5).apply(losses(0.8, 0.7, 0.6, 0.4, 0.5, 0.45, 0.3)).size());
    }

    @Test
    void examinesOnlyTheEpochsRead() {
        AtomicInteger made = new AtomicInteger();
        Stream<Epoch> endless = Stream.from(1).map(i -> {
            made.incrementAndGet();
            return epoch(i, 1.0 / i, LinkedHashMap.empty());
        });
        Stream<Epoch> stopped = EarlyStopping.of(3, 0).apply(endless);
        assertEquals(3.0, from(stopped.get(2)));
        assertTrue(made.get() <= 4, "made " + made.get());
    }

    @Test
    void neverRestoresNonFiniteParameters() {
        // Epoch 2 has the lowest loss, measured before its last update, which left its parameters NaN.
        Stream<Epoch> s = Stream.of(epoch(1, 1.0, LinkedHashMap.empty()),
                Epoch.of(2, Params.of(P, Tensor.scalar(Double.NaN)), STATE, 0.5, LinkedHashMap.empty()),
                epoch(3, 0.8, LinkedHashMap.empty()), epoch(4, 0.9, LinkedHashMap.empty()),
                epoch(5, 0.95, LinkedHashMap.empty()));
        List<Epoch> out = EarlyStopping.of(2, 0).apply(s).toList();
        assertEquals(List.of(1, 2, 3, 4, 5), out.map(Epoch::epoch));
        assertEquals(List.of(1.0, 1.0, 3.0, 3.0, 3.0), out.map(EarlyStoppingTest::from),
                "epoch 2 is never the best: epoch 3 is, the best with finite parameters");
    }

    @Test
    void aNaNFirstEpochIsNotTheBest() {
        Stream<Epoch> s = Stream.of(
                Epoch.of(1, Params.of(P, Tensor.scalar(Double.NaN)), STATE, Double.NaN, LinkedHashMap.empty()),
                epoch(2, 0.8, LinkedHashMap.empty()), epoch(3, 0.9, LinkedHashMap.empty()));
        List<Epoch> out = EarlyStopping.of(5, 0).apply(s).toList();
        assertTrue(Double.isNaN(from(out.get(0))), "with no finite epoch yet, an epoch keeps its own parameters");
        assertEquals(List.of(2.0, 2.0), out.drop(1).map(EarlyStoppingTest::from));
    }

    @Test
    void aMissingMonitorIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.of(1, 0).monitor("val_loss").apply(losses(1, 2)).last().params());
        assertEquals("EarlyStopping: epoch 1 has no value 'val_loss'; it has loss", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.of(-1, 0));
    }

    @Test
    void stopsARealTrainingAndKeepsItsBestParameters() {
        Training t = Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.adam(0.1));
        List<Epoch> stopped = EarlyStopping.of(7, 1e-4).apply(t.epochs(Feet.DATA, 1, 7L)).take(5000).toList();
        assertTrue(stopped.size() < 5000, "stopped after " + stopped.size() + " epochs");
        List<Epoch> raw = t.epochs(Feet.DATA, 1, 7L).take(stopped.size()).toList();
        Epoch best = raw.find(e -> e.params().equals(stopped.last().params())).get();
        double min = raw.map(Epoch::loss).min().get();
        assertTrue(best.loss() <= min + 1e-4, "best " + best + ", minimum " + min);
        // Training stopped because seven epochs brought no gain of more than 1e-4 over the best.
        assertTrue(raw.takeRight(7).forAll(e -> e.loss() > best.loss() - 1e-4));
    }
}
