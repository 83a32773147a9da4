package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Dataset;
import io.fluxion.expr.Var;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Non-finite losses: reported as what they are, stopping fit by default, never restored by early stopping. */
class DivergenceTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Pattern LONG_NUMBER = Pattern.compile("\\d{13,}");

    /** y·1 + 0·prediction: the loss is the targets' mean whatever the parameter, whose gradient is 0. */
    private static Training constantLoss() {
        Var w = variable("w");
        Model model = Model.of(x -> x.times(w), Params.of(w, Tensor.scalar(1)));
        return Training.of(model, (p, y) -> y.mean().plus(p.times(0.0).mean()), Optimizers.sgd(0.1))
                .metric("same", (p, y) -> y.mean());
    }

    @Test
    void anEpochOfInfiniteBatchLossesReportsInfinityNotNaN() {
        Dataset infinite = Dataset.of(Tensor.vector(1, 2, 3, 4), Tensor.vector(INF, INF, INF, INF));
        Training t = constantLoss();
        Epoch e = t.epochs(infinite, 2).head();
        assertEquals(INF, e.loss(), "the mean of two infinite batch losses");
        assertEquals(INF, e.metric("same").get());
        assertEquals(INF, t.evaluate(e.params(), infinite, 1).get("loss").get());
        Dataset mixed = Dataset.of(Tensor.vector(1, 2, 3, 4), Tensor.vector(1, 1, INF, INF));
        assertEquals(INF, constantLoss().epochs(mixed, 2).head().loss(), "a finite batch, then an infinite one");
        Dataset opposite = Dataset.of(Tensor.vector(1, 2, 3, 4), Tensor.vector(INF, INF, -INF, -INF));
        assertTrue(Double.isNaN(constantLoss().epochs(opposite, 2).head().loss()), "+inf and -inf have no mean");
    }

    /** Gradient descent on recipe S5's data at a rate 100 times too high: the loss overflows within 20 epochs. */
    private static Training diverging() {
        return Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.sgd(1.0));
    }

    @Test
    void fitStopsAtTheFirstNonFiniteLossNamingEpochAndStepAndKeepsTheHistory() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> diverging().fit(Feet.DATA, 100, 2,
                FitOptions.defaults().progress(false).out(new PrintStream(bytes, true, StandardCharsets.UTF_8))));
        Matcher m = Pattern.compile("^Training.fit: the loss is (Infinity|NaN) at epoch (\\d+), step (\\d) of 4; ")
                .matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        int epoch = Integer.parseInt(m.group(2));
        assertEquals(epoch, e.epoch());
        assertEquals(Integer.parseInt(m.group(3)), e.step());
        assertTrue(epoch > 1 && epoch < 100, e.getMessage());
        assertTrue(e.getMessage().contains("training diverged") && e.getMessage().contains("lower learning rate"),
                e.getMessage());
        assertTrue(e.getMessage().contains("FitOptions.terminateOnNaN(false)"), e.getMessage());
        assertEquals(List.range(1, epoch), e.history().map(Epoch::epoch), "the epochs before it are kept");
        assertTrue(e.history().forAll(h -> Double.isFinite(h.loss())));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(epoch, lines.length, "one line per finished epoch, then the stop");
        assertTrue(lines[epoch - 1].startsWith("Epoch " + epoch + "/100 - step " + e.step() + "/4: loss "), lines[epoch - 1]);
        for (String line : lines) {
            assertFalse(LONG_NUMBER.matcher(line).find(), "a readable loss: " + line);
        }
        assertTrue(lines[epoch - 2].matches(".* - loss: \\d\\.\\d{4}e\\+\\d+ - .*"), lines[epoch - 2]);
    }

    @Test
    void withTerminateOnNaNOffFitTrainsOnAndStillPrintsReadableLosses() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Epoch> history = diverging().fit(Feet.DATA, 40, 2, FitOptions.defaults().progress(false)
                .terminateOnNaN(false).out(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertEquals(40, history.size());
        assertFalse(Double.isFinite(history.last().loss()));
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            assertFalse(LONG_NUMBER.matcher(line).find(), "a readable loss: " + line);
        }
    }

    @Test
    void lossesPrintInFourDecimalsOrInScientificNotationWhenLargeOrSmall() {
        assertEquals("0.1235", Fit.format(0.12345));
        assertEquals("12345.6789", Fit.format(12345.6789));
        assertEquals("1.0900e+88", Fit.format(1.09e88));
        assertEquals("-1.2346e+05", Fit.format(-123456.0));
        assertEquals("1.2346e-05", Fit.format(1.23456e-5));
        assertEquals("NaN", Fit.format(Double.NaN));
        assertEquals("Infinity", Fit.format(INF));
    }

    @Test
    void aNaNInTheTrainingDataIsNamedAsTheDataNotTheLearningRate() {
        Dataset data = Dataset.of(Tensor.of(Shape.of(4, 1), 1, 2, 3, Double.NaN), Tensor.of(Shape.of(4, 1), 2, 4, 6, 8));
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.sgd(0.01)).fit(data, 3, 2,
                        FitOptions.quiet()));
        assertTrue(e.getMessage().startsWith("Training.fit: the loss is NaN at epoch 1, step 2 of 2; "
                + "the batch's x holds NaN at [1, 0]"), e.getMessage());
        assertFalse(e.getMessage().contains("learning rate"), e.getMessage());
        assertTrue(e.history().isEmpty());
    }

    @Test
    void aNaNInTheValidationDataIsReportedAsSuchWithTheEpochAndTheBatchCountedFromOne() {
        Dataset validation = Dataset.of(Tensor.of(Shape.of(3, 1), 1, 2, 3), Tensor.of(Shape.of(3, 1), 2, Double.NaN, 6));
        Training t = Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.sgd(0.01));
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> t.fit(Feet.DATA, 3, 2, FitOptions.quiet().validation(validation)));
        assertTrue(e.getMessage().startsWith("Training.fit: val_loss is NaN after epoch 1: validation batch 1 of 2 "
                + "gives loss NaN; its y holds NaN at [1, 0]"), e.getMessage());
        assertEquals(1, e.epoch());
        assertTrue(e.history().isEmpty());
        ArithmeticException checked = assertThrows(ArithmeticException.class,
                () -> t.checkFinite().evaluate(t.model().params(), validation, 2));
        assertTrue(checked.getMessage().startsWith("Training.evaluate: batch 1 of 2: "), checked.getMessage());
    }
}
