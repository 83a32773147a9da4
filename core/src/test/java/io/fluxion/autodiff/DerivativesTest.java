package io.fluxion.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** The core's Jacobians and Hessians, against derivatives worked by hand. */
class DerivativesTest {
    private static final Var X = Var.of("x", Shape.of(3));
    private static final Tensor AT = Tensor.vector(0.5, -2, 3);
    private static final Bindings AT_X = Bindings.of(X, AT);

    @Test
    void theJacobianOfSquaresIsTwiceXOnTheDiagonal() {
        Tensor j = Evaluate.evaluate(Derivatives.jacobian(X.square(), X), AT_X);
        assertEquals(Shape.of(3, 3), j.shape());
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(r == c ? 2 * AT.get(r) : 0, j.get(r, c), 1e-12, "row " + r + " column " + c);
            }
        }
    }

    @Test
    void theHessianOfASumOfCubesIsSixXOnTheDiagonal() {
        Tensor h = Evaluate.evaluate(Derivatives.hessian(X.pow(3).sum(), X), AT_X);
        assertEquals(Shape.of(3, 3), h.shape());
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(r == c ? 6 * AT.get(r) : 0, h.get(r, c), 1e-12, "row " + r + " column " + c);
            }
        }
    }

    @Test
    void theGradientOfAScalarIsOneExpressionPerVariable() {
        Var unused = Var.of("u", Shape.scalar());
        List<Expr> g = Derivatives.gradients(X.sin().sum(), List.of(X, unused));
        assertTrue(Evaluate.evaluate(g.head(), AT_X).closeTo(AT.map(Math::cos), 1e-12));
        assertEquals(0.0, Evaluate.evaluate(g.last(), AT_X.and(unused, 1.0)).item());
    }

    @Test
    void aNonScalarGradientIsRefusedNamingTheShapeAndTheWayOut() {
        ShapeException e = assertThrows(ShapeException.class, () -> Derivatives.grad(X.square(), X));
        assertTrue(e.getMessage().contains("(3)") || e.getMessage().contains("[3]"), e.getMessage());
        assertTrue(e.getMessage().contains("jacobian"), e.getMessage());
    }
}
