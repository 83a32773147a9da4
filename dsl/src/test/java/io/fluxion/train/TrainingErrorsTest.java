package io.fluxion.train;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.data.Dataset;
import io.fluxion.expr.Var;
import io.fluxion.nn.Dense;
import io.fluxion.nn.Losses;
import io.fluxion.nn.Metrics;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.optim.Optimizers;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Bad input to training: each a clear exception naming what was wrong. */
class TrainingErrorsTest {
    private static final Dataset FEET = Feet.DATA;

    @Test
    void aDatasetWhoseXAndYDisagreeInLengthIsRefused() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Dataset.of(Tensor.zeros(Shape.of(7, 1)), Tensor.zeros(Shape.of(6, 1))));
        assertTrue(e.getMessage().contains("(7, 1)") && e.getMessage().contains("(6, 1)"), e.getMessage());
    }

    @Test
    void aTargetOfAnotherShapeThanThePredictionNamesTheLossAndBothShapes() {
        Dataset flat = Dataset.of(FEET.x(), FEET.y().reshape(7));
        Training t = Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.sgd(0.1));
        ShapeException e = assertThrows(ShapeException.class, () -> t.epochs(flat, 7).head().loss());
        assertEquals("Training: for a batch with x of shape (7, 1) and y of shape (7), mse: the prediction has shape (7, 1) "
                + "but the target has shape (7); they must be equal", e.getMessage());
    }

    @Test
    void aLossThatIsNotAScalarIsNamed() {
        Training t = Training.of(Dense.of(1, 1, 42L), (p, y) -> p.minus(y).square(), Optimizers.sgd(0.1));
        ShapeException e = assertThrows(ShapeException.class, () -> t.epochs(FEET, 7).head().loss());
        assertEquals("Training: for a batch with x of shape (7, 1) and y of shape (7, 1), the loss must be a scalar, "
                + "but for a prediction of shape (7, 1) and a target of shape (7, 1) it has shape (7, 1); "
                + "reduce it with mean() or sum()", e.getMessage());
        Training m = Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.sgd(0.1))
                .metric("err", (p, y) -> p.minus(y));
        assertTrue(assertThrows(ShapeException.class, () -> m.epochs(FEET, 7).head().loss()).getMessage()
                .contains("metric 'err' must be a scalar"));
    }

    @Test
    void checkFiniteStopsAtTheFirstNanNamingEpochStepAndInstruction() {
        Var w = variable("w");
        Model logModel = Model.of(x -> x.times(w).log(), Params.of(w, Tensor.scalar(1)));
        Dataset data = Dataset.of(Tensor.vector(1, 2, 3, -1, 5, 6), Tensor.vector(0, 0, 0, 0, 0, 0));
        Training t = Training.of(logModel, Losses::mse, Optimizers.sgd(0.01));
        assertTrue(Double.isNaN(t.epochs(data, 2).head().loss()), "unchecked, the NaN flows into the loss");
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> t.checkFinite().epochs(data, 2).get(1).loss());
        assertTrue(e.getMessage().startsWith("Training: epoch 1, step 2 of 3: "), e.getMessage());
        assertTrue(e.getMessage().contains("= log ") && e.getMessage().contains("produced NaN"), e.getMessage());
    }

    @Test
    void badOptionsAreRefused() {
        Training t = Training.of(Dense.of(1, 1, 42L), Losses::mse, Optimizers.sgd(0.1));
        assertThrows(IllegalArgumentException.class, () -> t.epochs(FEET, 0));
        assertThrows(IllegalArgumentException.class, () -> t.fit(FEET, 0, 1, FitOptions.quiet()));
        assertThrows(IllegalArgumentException.class, () -> t.metric("loss", Metrics::accuracy));
        assertThrows(IllegalArgumentException.class, () -> t.metric("val_acc", Metrics::accuracy));
        assertThrows(IllegalArgumentException.class,
                () -> t.metric("acc", Metrics::accuracy).metric("acc", Metrics::accuracy));
    }
}
