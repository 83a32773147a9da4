package io.fluxion.law;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Bugs in the core library that the laws found, each kept as the smallest check that shows it. */
class CoreBugsTest {

    /**
     * Found by GradCheck at order 3 on {@code (x - x)^2}: the rule of a^b built a^(b-1) with b - 1
     * unfolded, so the third derivative of a² at a = 0 was 0 · 0^-1 = NaN instead of 0 (and the
     * same for every power at a zero base, including the common relu(x)²).
     */
    @Test
    void higherDerivativesOfAnIntegerPowerAreFiniteAtZero() {
        Report r = GradCheck.check(x -> x.pow(2).sum().plus(x.pow(3).sum()), Tensor.vector(0, 1.5), 4);
        assertTrue(r.passed(), r::toString);
        Report relu = GradCheck.check(x -> x.relu().pow(2).sum(), Tensor.vector(-1, 0.5), 3);
        assertTrue(relu.passed(), relu::toString);
    }
}
