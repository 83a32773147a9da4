package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Float32 matrices are factored in float32 and judged against float32's ε: singular there, regular in float64. */
class Float32SingularTest {

    @Test
    void aMatrixSingularToFloat32PrecisionIsAnErrorThatFloat64Inverts() {
        Var a = Var.of("a", Shape.matrix(2, 2));
        Tensor m = Tensor.of(new double[][] {{1, 0}, {0, 1e-9}});
        Tensor inverse = Evaluate.evaluate(a.inv(), Bindings.of(a, m));
        assertEquals(1e9, inverse.get(1, 1), 1e-3);
        SingularMatrixException e = assertThrows(SingularMatrixException.class,
                () -> Evaluate.evaluate(a.inv(), Bindings.of(a, m.to(DType.FLOAT32))));
        assertTrue(e.getMessage().contains("inv: the matrix (2, 2) is singular to working precision"), e.getMessage());
        assertEquals(DType.FLOAT32, Evaluate.evaluate(a.det(), Bindings.of(a, m.to(DType.FLOAT32))).dtype());
        Tensor wellPosed = Tensor.of(new double[][] {{2, 1}, {1, 3}}).to(DType.FLOAT32);
        Tensor x = Evaluate.evaluate(a.inv().matmul(a), Bindings.of(a, wellPosed));
        assertEquals(DType.FLOAT32, x.dtype());
        assertTrue(x.closeTo(Tensor.of(new double[][] {{1, 0}, {0, 1}}), 4 * Math.ulp(1.0f)), x.toString());
    }
}
