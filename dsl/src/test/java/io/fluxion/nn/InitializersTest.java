package io.fluxion.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Keras's fans and formulas, seeds, and the moments of each distribution. */
class InitializersTest {
    private final Shape big = Shape.of(400, 100);

    @Test
    void fansAreKeras() {
        assertEquals(784, Initializers.fanIn(Shape.of(784, 10)));
        assertEquals(10, Initializers.fanOut(Shape.of(784, 10)));
        assertEquals(7, Initializers.fanIn(Shape.of(7)));
        assertEquals(7, Initializers.fanOut(Shape.of(7)));
        assertEquals(1, Initializers.fanIn(Shape.scalar()));
        assertEquals(3 * 3 * 16, Initializers.fanIn(Shape.of(3, 3, 16, 32)));
        assertEquals(3 * 3 * 32, Initializers.fanOut(Shape.of(3, 3, 16, 32)));
    }

    @Test
    void aSeedGivesOneTensorAndAnotherSeedAnother() {
        assertEquals(Initializers.glorotUniform(1L).apply(big), Initializers.glorotUniform(1L).apply(big));
        assertNotEquals(Initializers.glorotUniform(1L).apply(big), Initializers.glorotUniform(2L).apply(big));
    }

    @Test
    void uniformOnesStayWithinTheirLimitAndHaveItsVariance() {
        checkUniform(Initializers.glorotUniform(5L).apply(big), Math.sqrt(6.0 / 500));
        checkUniform(Initializers.heUniform(5L).apply(big), Math.sqrt(6.0 / 400));
    }

    @Test
    void normalOnesAreTruncatedAtTwoDeviationsWithKerasVariance() {
        // Keras divides by 0.8796 so that the truncated distribution has the intended deviation.
        checkNormal(Initializers.glorotNormal(6L).apply(big), Math.sqrt(2.0 / 500));
        checkNormal(Initializers.heNormal(6L).apply(big), Math.sqrt(2.0 / 400));
    }

    @Test
    void constantsAreConstant() {
        assertTrue(Initializers.zeros().apply(Shape.of(3)).isAll(0));
        assertTrue(Initializers.constant(0.1).apply(Shape.of(2, 2)).isAll(0.1));
    }

    private static void checkUniform(Tensor t, double limit) {
        assertTrue(t.max() < limit && t.min() >= -limit, "within ±" + limit);
        assertEquals(0, mean(t), limit / 50);
        assertEquals(limit * limit / 3, variance(t), limit * limit / 3 * 0.05);
    }

    private static void checkNormal(Tensor t, double std) {
        double cut = 2 * std / 0.87962566103423978;
        assertTrue(t.max() <= cut && t.min() >= -cut, "within two deviations of the untruncated normal");
        assertEquals(0, mean(t), std / 50);
        assertEquals(std * std, variance(t), std * std * 0.05);
    }

    private static double mean(Tensor t) {
        return t.sum() / t.shape().size();
    }

    private static double variance(Tensor t) {
        double m = mean(t);
        return t.minus(m).times(t.minus(m)).sum() / t.shape().size();
    }
}
