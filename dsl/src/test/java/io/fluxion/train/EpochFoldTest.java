package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.fluxion.optim.OptimizerState;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.collection.Stream;
import io.vavr.control.Option;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The epoch fold every training shares, with a source of steps written here. */
class EpochFoldTest {
    private static final Var P = variable("p");
    private static final OptimizerState STATE = Optimizers.sgd(0.1).init(Params.of(P, Tensor.scalar(0)));

    private static Params p(double v) {
        return Params.of(P, Tensor.scalar(v));
    }

    @Test
    void stepsReplaceTheParametersAndWeighTheirMeansByExamplesSkippingEmptySteps() {
        // Steps of 3, none, and 1 examples with losses 1 and 5, accuracies 0.5 and 1: means (3 + 5) / 4 = 2, 0.625.
        List<Option<EpochFold.Stepped>> steps = List.of(
                Option.some(new EpochFold.Stepped(p(1), STATE, 3, 1.0, List.of(0.5))), Option.none(),
                Option.some(new EpochFold.Stepped(p(3), STATE, 1, 5.0, List.of(1.0))));
        java.util.ArrayList<Integer> seen = new java.util.ArrayList<>();
        TrainState end = EpochFold.fold(TrainState.start(p(0), STATE), List.of("accuracy"), 3,
                (k, s) -> steps.get(k - 1), (k, s) -> seen.add(k));
        assertEquals(p(3), end.params());
        assertEquals(4, end.examples());
        assertEquals(2.0, end.loss(), 1e-15);
        assertEquals(0.625, end.metrics().get("accuracy").get(), 1e-15);
        assertEquals(List.of(1, 3), List.ofAll(seen), "the empty step is not observed");
    }

    @Test
    void eachStepStartsFromTheStateTheLastOneLeft() {
        TrainState end = EpochFold.fold(TrainState.start(p(0), STATE), List.empty(), 4,
                (k, s) -> Option.some(new EpochFold.Stepped(p(s.params().get(P).item() + k), s.optimizerState(), 1,
                        0, List.empty())), (k, s) -> {});
        assertEquals(p(1 + 2 + 3 + 4), end.params());
    }

    @Test
    void aStepWithMetricsOfAnotherCountIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EpochFold.fold(
                TrainState.start(p(0), STATE), List.of("a", "b"), 1,
                (k, s) -> Option.some(new EpochFold.Stepped(p(1), STATE, 2, 0, List.of(0.5))), (k, s) -> {}));
        assertEquals("TrainState.next: needs at least one example and one value per name, got 2 examples, 2 names "
                + "and 1 values", e.getMessage());
    }

    @Test
    void theEpochsAreLazyInOrderAndEachStartsWhereTheLastEnded() {
        AtomicInteger ran = new AtomicInteger();
        Stream<Epoch> epochs = EpochFold.epochs(3, p(10), STATE, (n, start) -> {
            ran.incrementAndGet();
            assertEquals(0, start.examples(), "the running means start afresh");
            double v = start.params().get(P).item() + n;
            return Epoch.of(n, p(v), start.optimizerState(), v, io.vavr.collection.LinkedHashMap.empty());
        });
        assertEquals(0, ran.get(), "making the stream runs nothing");
        assertEquals(3, epochs.head().epoch());
        assertEquals(0, ran.get(), "the first epoch's number is known without running it");
        assertEquals(p(10 + 3 + 4 + 5), epochs.get(2).params());
        assertEquals(3, ran.get());
        epochs.get(2).loss();
        assertEquals(3, ran.get(), "an epoch runs once");
    }
}
