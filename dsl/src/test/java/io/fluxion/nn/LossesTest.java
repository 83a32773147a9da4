package io.fluxion.nn;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.constant;
import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Each loss's value against its formula, the stability of cross-entropy, and shape errors. */
class LossesTest {
    private final Tensor p = Tensor.of(Shape.of(2, 2), 1, 2, 3, 4);
    private final Tensor y = Tensor.of(Shape.of(2, 2), 1.5, 2, 2, 2);

    private static double value(Expr e) {
        return evaluate(e, Bindings.empty()).item();
    }

    @Test
    void regressionLossesFollowTheirFormulas() {
        Expr pe = constant(p);
        Expr ye = constant(y);
        assertEquals(0.25 + 0 + 1 + 4, value(Losses.sse(pe, ye)), 1e-15);
        assertEquals((0.25 + 0 + 1 + 4) / 4, value(Losses.mse(pe, ye)), 1e-15);
        assertEquals((0.5 + 0 + 1 + 2) / 4, value(Losses.mae(pe, ye)), 1e-15);
    }

    @Test
    void crossEntropyIsTheTutorialFormula() {
        Tensor probs = Tensor.of(Shape.of(2, 3), 0.2, 0.5, 0.3, 0.1, 0.1, 0.8);
        Tensor onehot = Tensor.of(Shape.of(2, 3), 0, 1, 0, 0, 0, 1);
        double expected = (-Math.log(0.5) - Math.log(0.8)) / 2;
        assertEquals(expected, value(Losses.crossEntropy(constant(probs), constant(onehot))), 1e-15);
    }

    @Test
    void crossEntropyOfSoftmaxIsStableAtLargeLogitsWithGradientSoftmaxMinusY() {
        Var z = variable("z", 1, 3);
        Tensor target = Tensor.of(Shape.of(1, 3), 1, 0, 0);
        Expr loss = Losses.crossEntropy(z.softmax(), constant(target));
        Bindings at = Bindings.of(z, Tensor.of(Shape.of(1, 3), 0, 800, 0));
        // softmax(0, 800, 0) is (0, 1, 0) in doubles, so the gradient is (-1, 1, 0) and the loss 800.
        double[] expected = {-1, 1, 0};
        assertArrayEquals(expected, compile(grad(loss, z)).run(at).head().toArray(), 1e-12);
        assertArrayEquals(expected, evaluate(grad(loss, z), at).toArray(), 1e-12);
        assertEquals(800, compile(loss).run(at, true).head().item(), 1e-9);
        Tensor logits = Tensor.of(Shape.of(1, 3), 0.5, -1, 2);
        double[] s = softmax(logits.toArray());
        assertArrayEquals(new double[] {s[0] - 1, s[1], s[2]},
                compile(grad(loss, z)).run(Bindings.of(z, logits)).head().toArray(), 1e-15);
    }

    @Test
    void softmaxCrossEntropyTakesLogits() {
        Tensor logits = Tensor.of(Shape.of(2, 3), 0.5, -1, 2, 1, 1, 1);
        Tensor onehot = Tensor.of(Shape.of(2, 3), 0, 0, 1, 1, 0, 0);
        double[] a = softmax(new double[] {0.5, -1, 2});
        double expected = (-Math.log(a[2]) + Math.log(3)) / 2;
        assertEquals(expected, value(Losses.softmaxCrossEntropy(constant(logits), constant(onehot))), 1e-14);
    }

    @Test
    void binaryCrossEntropyClipsAsKerasAndTheLogitFormAgrees() {
        Tensor probs = Tensor.vector(0.9, 0.2, 0.0);
        Tensor targets = Tensor.vector(1, 0, 1);
        double expected = (-Math.log(0.9) - Math.log(0.8) - Math.log(1e-7)) / 3;
        assertEquals(expected, value(Losses.binaryCrossEntropy(constant(probs), constant(targets))), 1e-12);
        Tensor logits = Tensor.vector(2, -1, 0.5);
        Tensor sig = logits.map(v -> 1 / (1 + Math.exp(-v)));
        assertEquals(value(Losses.binaryCrossEntropy(constant(sig), constant(targets))),
                value(Losses.binaryCrossEntropyWithLogits(constant(logits), constant(targets))), 1e-14);
    }

    @Test
    void differentShapesAreNamedWithTheLoss() {
        Expr col = constant(Tensor.zeros(Shape.of(3, 1)));
        Expr row = constant(Tensor.zeros(Shape.of(3)));
        ShapeException e = assertThrows(ShapeException.class, () -> Losses.mse(col, row));
        assertEquals("mse: the prediction has shape (3, 1) but the target has shape (3); they must be equal", e.getMessage());
        assertTrue(assertThrows(ShapeException.class, () -> Losses.crossEntropy(row, col)).getMessage()
                .startsWith("crossEntropy: the prediction has shape (3) but the target has shape (3, 1)"));
        assertTrue(assertThrows(ShapeException.class, () -> Losses.crossEntropy(constant(1), constant(1))).getMessage()
                .startsWith("crossEntropy: the prediction and the target are scalars"));
    }

    @Test
    void accuracyComparesArgmaxesWithOneHotOrIndexTargets() {
        Tensor pred = Tensor.of(Shape.of(4, 3), 0.1, 0.7, 0.2, 0.5, 0.4, 0.1, 0.3, 0.3, 0.4, 0, 1, 0);
        Tensor onehot = Tensor.of(Shape.of(4, 3), 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0);
        assertEquals(0.5, Metrics.accuracyOf(pred, onehot));
        assertEquals(0.5, Metrics.accuracyOf(pred, Tensor.vector(1, 1, 2, 0)));
        assertThrows(ShapeException.class, () -> Metrics.accuracyOf(pred, Tensor.vector(1, 1)));
        assertEquals(2.0 / 3, value(Metrics.binaryAccuracy(constant(Tensor.vector(0.9, 0.4, 0.6)),
                constant(Tensor.vector(1, 1, 1)))), 1e-15);
    }

    private static double[] softmax(double[] z) {
        double max = Math.max(Math.max(z[0], z[1]), z[2]);
        double sum = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
        }
        return e;
    }
}
