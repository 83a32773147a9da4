package io.fluxion.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tensor's eager operations are the primitives' own: each equals, bit for bit and in the same
 * dtype, the expression on constants evaluated; bad axes, ranges and indices name the shape.
 */
class TensorOperationsTest {
    private static final Shape CUBE = Shape.of(3, 4, 5);

    /** Random elements in [lo, hi), with a tie or two so that argmax and max meet equal values. */
    private static Tensor random(Shape s, long seed, double lo, double hi, DType d) {
        Random r = new Random(seed);
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        v[v.length - 1] = v[0];
        return Tensor.of(s, v).to(d);
    }

    private static void sameAsEvaluated(Tensor eager, Function<Expr, Expr> expr, Tensor x) {
        Tensor evaluated = Evaluate.evaluate(expr.apply(new Const(x)), Bindings.empty());
        assertEquals(x.dtype(), eager.dtype(), "keeps the dtype");
        assertEquals(evaluated, eager);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void reductionsAreTheEvaluatedExpressions(DType d) {
        Tensor x = random(CUBE, 1, -3, 3, d);
        sameAsEvaluated(x.sum(1), e -> e.sum(1), x);
        sameAsEvaluated(x.sum(0, 2), e -> e.sum(0, 2), x);
        sameAsEvaluated(x.sum(new int[0]), Expr::sum, x);
        sameAsEvaluated(x.mean(-1), e -> e.mean(-1), x);
        sameAsEvaluated(x.mean(0, 1), e -> e.mean(0, 1), x);
        sameAsEvaluated(x.max(2), e -> e.max(2), x);
        sameAsEvaluated(x.max(0, 1), e -> e.max(0, 1), x);
        sameAsEvaluated(x.min(0), e -> e.min(0), x);
        sameAsEvaluated(x.min(1, -1), e -> e.min(1, -1), x);
        sameAsEvaluated(x.argmax(1), e -> e.argmax(1), x);
        sameAsEvaluated(x.argmax(-1), e -> e.argmax(-1), x);
        assertEquals(Evaluate.evaluate(new Const(x).mean(), Bindings.empty()).item(), x.mean());
        assertEquals(Shape.of(3, 5), x.sum(1).shape());
        assertEquals(Shape.scalar(), x.max(new int[0]).shape());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void elementwiseAndSliceAreTheEvaluatedExpressions(DType d) {
        Tensor x = random(CUBE, 2, -4, 4, d);
        Tensor positive = random(CUBE, 3, 1e-3, 50, d);
        sameAsEvaluated(x.exp(), Expr::exp, x);
        sameAsEvaluated(positive.log(), Expr::log, positive);
        sameAsEvaluated(x.slice(1, 1, 3), e -> e.slice(1, 1, 3), x);
        sameAsEvaluated(x.slice(-1, 0, 5), e -> e.slice(-1, 0, 5), x);
        sameAsEvaluated(x.slice(0, 2, 3), e -> e.slice(0, 2, 3), x);
        assertEquals(x.get(2, 1, 4), x.slice(0, 2, 3).get(0, 1, 4));
        assertTrue(Double.isNaN(Tensor.vector(-1).to(d).log().item()), "log below 0 is NaN, as the kernel computes it");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void matmulIsTheEvaluatedProduct(DType d) {
        Tensor a = random(Shape.of(3, 4), 4, -1, 1, d);
        Tensor b = random(Shape.of(4, 5), 5, -1, 1, d);
        Tensor batch = random(Shape.of(2, 3, 4), 6, -1, 1, d);
        Tensor v = random(Shape.vector(4), 7, -1, 1, d);
        assertEquals(Evaluate.evaluate(new Const(a).matmul(new Const(b)), Bindings.empty()), a.matmul(b));
        assertEquals(Evaluate.evaluate(new Const(batch).matmul(new Const(b)), Bindings.empty()), batch.matmul(b));
        assertEquals(Evaluate.evaluate(new Const(a).matmul(new Const(v)), Bindings.empty()), a.matmul(v));
        assertEquals(d, a.matmul(b).dtype());
        assertEquals(Shape.of(2, 3, 5), batch.matmul(b).shape());
    }

    @Test
    void matmulOfTwoDtypesPromotesAsArithmeticDoes() {
        Tensor a = random(Shape.of(3, 4), 4, -1, 1, DType.FLOAT32);
        Tensor b = random(Shape.of(4, 2), 5, -1, 1, DType.FLOAT64);
        Tensor p = a.matmul(b);
        assertEquals(DType.FLOAT64, p.dtype());
        assertEquals(a.to(DType.FLOAT64).matmul(b), p);
        assertEquals(DType.FLOAT64, random(Shape.vector(3), 9, -1, 1, DType.FLOAT64).matmul(a).dtype());
    }

    @Test
    void operandsAreNotChanged() {
        Tensor x = random(CUBE, 8, -1, 1, DType.FLOAT64);
        Tensor before = Tensor.of(CUBE, x.toArray());
        x.sum(1);
        x.exp();
        x.slice(0, 0, 1);
        x.argmax(2);
        assertEquals(before, x);
    }

    @Test
    void badAxesAndRangesNameTheShape() {
        Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertMessage(() -> m.argmax(2), "argmax", "axis 2", "(2, 3)");
        assertMessage(() -> m.sum(0, -2), "sum", "axis -2 is named twice", "(2, 3)");
        assertMessage(() -> m.mean(5), "mean", "axis 5", "(2, 3)");
        assertMessage(() -> m.max(-3), "max", "axis -3", "(2, 3)");
        assertMessage(() -> m.min(2), "min", "axis 2", "(2, 3)");
        assertMessage(() -> m.slice(1, 2, 4), "slice", "2..4", "(2, 3)");
        assertMessage(() -> m.slice(0, 1, 1), "slice", "1..1", "(2, 3)");
        assertMessage(() -> m.matmul(m), "matmul", "(2, 3)");
        assertMessage(() -> Tensor.scalar(1).argmax(0), "argmax", "()");
    }

    @Test
    void badIndicesNameTheShape() {
        Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(6, m.get(1, 2));
        IndexOutOfBoundsException outside = assertThrows(IndexOutOfBoundsException.class, () -> m.get(2, 0));
        assertTrue(outside.getMessage().contains("[2, 0]") && outside.getMessage().contains("(2, 3)"), outside.getMessage());
        IndexOutOfBoundsException negative = assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, -1));
        assertTrue(negative.getMessage().contains("(2, 3)"), negative.getMessage());
        IndexOutOfBoundsException count = assertThrows(IndexOutOfBoundsException.class, () -> m.get(1));
        assertTrue(count.getMessage().contains("needs 2 indices, got 1"), count.getMessage());
    }

    private static void assertMessage(Runnable call, String... parts) {
        ShapeException e = assertThrows(ShapeException.class, call::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should name " + p);
        }
    }
}
