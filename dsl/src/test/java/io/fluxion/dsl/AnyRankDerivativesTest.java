package io.fluxion.dsl;

import static io.fluxion.dsl.Dsl.constant;
import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.hessian;
import static io.fluxion.dsl.Dsl.jacobian;
import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Jacobians and Hessians have JAX's shapes ({@code y.shape + x.shape}, {@code x.shape + x.shape}) at any rank. */
class AnyRankDerivativesTest {
    private final Random random = new Random(3);

    @Test
    void hessianOfASumOfCubesOfAMatrixHasShapeTwoThreeTwoThreeAndSixWOnTheDiagonal() {
        Var w = variable("W", 2, 3);
        Tensor at = random(Shape.of(2, 3));
        Tensor h = evaluate(hessian(w.times(w).times(w).sum(), w), Bindings.of(w, at));
        assertEquals(Shape.of(2, 3, 2, 3), h.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    for (int l = 0; l < 3; l++) {
                        double expected = i == k && j == l ? 6 * at.get(i, j) : 0;
                        assertEquals(expected, h.get(i, j, k, l), 1e-12, "H[" + i + "," + j + "," + k + "," + l + "]");
                    }
                }
            }
        }
    }

    @Test
    void jacobianOfAMatrixValuedFunctionOfAVectorHasShapeTwoThreeFour() {
        Var v = variable("v", 4);
        Tensor a = random(Shape.of(6, 4));
        Expr y = constant(a).matmul(v).sin().reshape(2, 3);
        Tensor at = random(Shape.of(4));
        Tensor j = evaluate(jacobian(y, v), Bindings.of(v, at));
        assertEquals(Shape.of(2, 3, 4), j.shape());
        for (int r = 0; r < 6; r++) {
            double z = 0;
            for (int k = 0; k < 4; k++) {
                z += a.get(r, k) * at.get(k);
            }
            for (int k = 0; k < 4; k++) {
                assertEquals(Math.cos(z) * a.get(r, k), j.get(r / 3, r % 3, k), 1e-12);
            }
        }
    }

    @Test
    void aRankThreeVariableIsAccepted() {
        Var img = variable("img", 100, 28, 28);
        assertEquals(Shape.of(100, 28, 28), img.shape());
        assertEquals(Shape.of(100), img.sum(1, 2).shape());
    }

    private Tensor random(Shape s) {
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextDouble() * 2 - 1;
        }
        return Tensor.of(s, d);
    }
}
