package io.fluxion.example.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.DType;
import org.junit.jupiter.api.Test;

/** The first-epoch benchmark's runs report to it through one line, which it reads back whole or refuses. */
class FirstEpochBenchTest {

    @Test
    void aRunsLineReadsBackAsTheSameFigures() {
        FirstEpochBench.Run r = new FirstEpochBench.Run(DType.FLOAT32, 0.412, 0.739, 0.283, 1.328, 0.61, Double.NaN);
        String out = "WARNING: a restricted method was called\n" + FirstEpochBench.line(r) + "\n";
        FirstEpochBench.Run back = FirstEpochBench.parse(out);
        assertEquals(r, back);
        assertEquals(0.739 / 0.283, back.ratio(), 1e-12);
    }

    @Test
    void aRunThatPrintedNoResultIsReportedWithWhatItPrinted() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FirstEpochBench.parse("Exception in thread \"main\" java.lang.OutOfMemoryError\n"));
        assertTrue(e.getMessage().contains("printed no result line"), e.getMessage());
        assertTrue(e.getMessage().contains("OutOfMemoryError"), e.getMessage());
    }

    @Test
    void anUnknownDTypeIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FirstEpochBench.main(new String[] {"--mnist", "/nowhere", "--dtypes", "float32,float16"}));
        assertEquals("--dtypes: float32 or float64, not 'float16'", e.getMessage());
    }

    @Test
    void fewerThanThreeEpochsAreRefusedBeforeAnyRun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FirstEpochBench.main(new String[] {"--mnist", "/nowhere", "--epochs", "2"}));
        assertTrue(e.getMessage().startsWith("--epochs: need at least 3"), e.getMessage());
    }
}
