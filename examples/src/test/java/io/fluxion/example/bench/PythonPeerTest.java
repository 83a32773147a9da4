package io.fluxion.example.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** How the epoch benchmark reads what its Python peers print. */
class PythonPeerTest {

    @Test
    void theWarmUpEpochIsLeftOutAndTheLastLossKept() {
        PythonPeer.Run run = PythonPeer.parse(List.of("version torch 1.13 numpy 1.24 threads 1",
                "epoch 0 1.500000 1.146 1.4", "epoch 1 0.400000 0.642 0.39", "epoch 2 0.300000 0.535 0.29"));
        assertEquals("torch 1.13 numpy 1.24 threads 1", run.version());
        assertArrayEquals(new double[] {0.4, 0.3}, run.seconds());
        assertArrayEquals(new double[] {0.39, 0.29}, run.cpuSeconds());
        assertEquals(0.535, run.lastLoss());
        assertEquals(io.vavr.control.Option.none(), run.extra());
    }

    @Test
    void aLineAfterTheEpochsIsKept() {
        PythonPeer.Run run = PythonPeer.parse(List.of("version torch", "epoch 0 1.5 1.1 1.4", "epoch 1 0.4 0.6 0.39",
                "accuracy 0.9712"));
        assertEquals(io.vavr.control.Option.some("accuracy 0.9712"), run.extra());
    }

    @Test
    void outputWithoutTimedEpochsIsAnError() {
        assertThrows(IllegalStateException.class, () -> PythonPeer.parse(List.of("version numpy 1.24", "epoch 0 1 1 1")));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Bench.median(new double[] {4, 1, 3, 2}));
        assertEquals(3.0, Bench.median(new double[] {5, 1, 3}));
    }
}
