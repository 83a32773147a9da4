package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Dataset;
import io.fluxion.expr.Var;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Metrics;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Keras-like fit: the printed lines, the progress bar, validation metrics and evaluate. */
class FitTest {
    private final Var w = variable("W", 2, 2);
    private final Var b = variable("b", 2);
    // Two classes: class 1 when x0 + x1 > 0.
    private final Dataset train = Dataset.of(
            Tensor.of(Shape.of(6, 2), 1, 1, -1, -2, 2, 0.5, -0.5, -1, 0.2, 1, -3, 1),
            Tensor.of(Shape.of(6, 2), 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0));
    private final Dataset test = Dataset.of(Tensor.of(Shape.of(2, 2), 3, 3, -2, -2), Tensor.of(Shape.of(2, 2), 0, 1, 1, 0));
    private final Training training = Training.of(
            Model.of(x -> x.matmul(w).plus(b).softmax(), Params.of(w, Tensor.zeros(w.shape())).and(b, Tensor.zeros(b.shape()))),
            Losses::crossEntropy, Optimizers.sgd(0.5)).metric("accuracy", Metrics::accuracy);

    @Test
    void printsOneKerasLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Epoch> history = training.fit(train, 3, 2, FitOptions.defaults().progress(false).validation(test)
                .out(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        for (int i = 0; i < 3; i++) {
            assertTrue(lines[i].matches("Epoch " + (i + 1) + "/3 - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4} "
                    + "- val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4} - \\d+\\.\\ds"), lines[i]);
        }
        assertEquals(3, history.size());
        assertEquals(List.of("accuracy", "val_loss", "val_accuracy"), history.last().metrics().keySet().toList());
        assertEquals(1.0, history.last().metric("val_accuracy").get());
    }

    @Test
    void inFloat32FitPrintsTheSameLinesAndValidatesInFloat32() {
        Training narrow = Training.of(training.model().to(DType.FLOAT32), Losses::crossEntropy, Optimizers.sgd(0.5))
                .metric("accuracy", Metrics::accuracy);
        Dataset train32 = train.to(DType.FLOAT32);
        Dataset test32 = test.to(DType.FLOAT32);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Epoch> history = narrow.fit(train32, 3, 2, FitOptions.defaults().progress(false).validation(test32)
                .out(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        List<Epoch> wide = training.fit(train, 3, 2, FitOptions.quiet().validation(test));
        for (int i = 0; i < 3; i++) {
            Epoch e = history.get(i);
            assertTrue(lines[i].startsWith("Epoch " + (i + 1) + "/3 - " + Fit.summary(e.loss(), e.metrics()) + " - "),
                    lines[i]);
            assertEquals(io.vavr.control.Option.some(DType.FLOAT32), e.params().dtype());
            // float32 rounding only: the same run in float64 within a few float32 ulps of its values
            assertEquals(wide.get(i).loss(), e.loss(), 1e-6, "loss, epoch " + (i + 1));
            assertEquals(wide.get(i).metric("val_loss").get(), e.metric("val_loss").get(), 1e-6);
            assertEquals(wide.get(i).metric("val_accuracy").get(), e.metric("val_accuracy").get());
        }
        LinkedHashMap<String, Double> evaluated = narrow.evaluate(history.last().params(), test32, 4);
        assertEquals(evaluated.get("loss").get(), history.last().metric("val_loss").get());
    }

    @Test
    void drawsAProgressBarWithinEpochsOfSeveralBatches() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        training.fit(train, 1, 2, FitOptions.defaults().progress(true)
                .out(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\r3/3 [" + "=".repeat(30) + "] - loss: "), out);
        assertTrue(out.contains("\rEpoch 1/1 - loss: "), "the epoch line is printed over the bar: " + out);
        assertEquals("1/4 [=======>......................] - loss: 0.5000", ProgressBar.line(1, 4, 0.5));
        assertEquals(" 7/10 [=====================>........] - loss: 1.2346e-05", ProgressBar.line(7, 10, 1.23456e-5));
    }

    @Test
    void standardOutputThatIsNotATerminalGetsOneLinePerEpochAndNoCarriageReturn() {
        // Under Maven, as in CI or a log file, standard output is a pipe: the default draws no bar.
        assertFalse(Terminal.standardOutputIsTerminal(), "the test JVM's standard output is not a terminal");
        PrintStream standard = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            training.fit(train, 2, 2);
        } finally {
            System.setOut(standard);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r"), out);
        String[] lines = out.split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].startsWith("Epoch 1/2 - loss: ") && lines[1].startsWith("Epoch 2/2 - loss: "), out);
    }

    @Test
    void theBarIsDrawnOnATerminalByDefaultAndAlwaysOrNeverWhenForced() {
        PrintStream other = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        FitOptions defaults = FitOptions.defaults();
        assertEquals(Progress.AUTO, defaults.progress());
        assertTrue(defaults.drawsProgress(s -> true), "standard output on a terminal");
        assertFalse(defaults.drawsProgress(s -> false), "standard output to a file or pipe");
        assertFalse(defaults.out(other).drawsProgress(s -> s == System.out), "another stream than the terminal's");
        assertTrue(defaults.progress(true).drawsProgress(s -> false), "forced on, also into a file");
        assertFalse(defaults.progress(false).drawsProgress(s -> true), "forced off, also on a terminal");
        assertEquals(Progress.OFF, defaults.progress(Progress.ON).progress(false).progress());
        assertFalse(defaults.verbose(false).progress(true).drawsProgress(s -> true), "nothing printed when quiet");
        assertThrows(NullPointerException.class, () -> defaults.progress((Progress) null));
    }

    @Test
    void validationMetricsAreTheEvaluationOfTheEpochsParameters() {
        Epoch e = training.validation(test).epochs(train, 4, 1L).get(1);
        LinkedHashMap<String, Double> evaluated = training.evaluate(e.params(), test, 4);
        assertEquals(evaluated.get("loss").get(), e.metric("val_loss").get());
        assertEquals(evaluated.get("accuracy").get(), e.metric("val_accuracy").get());
        Tensor predicted = training.model().withParams(e.params()).predict(test.x());
        assertEquals(Metrics.accuracyOf(predicted, test.y()), evaluated.get("accuracy").get());
    }

    @Test
    void evaluateWeighsBatchesByTheirExamples() {
        LinkedHashMap<String, Double> whole = training.evaluate(training.model().params(), train, 6);
        LinkedHashMap<String, Double> inFours = training.evaluate(training.model().params(), train, 4);
        assertEquals(Math.log(2), whole.get("loss").get(), 1e-15, "uniform predictions cost log 2");
        assertEquals(whole.get("loss").get(), inFours.get("loss").get(), 1e-15);
        assertEquals(whole.get("accuracy").get(), inFours.get("accuracy").get(), 1e-15);
    }
}
