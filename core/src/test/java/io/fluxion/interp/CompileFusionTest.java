package io.fluxion.interp;

import static io.fluxion.interp.Approx.assertClose;
import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** compile fuses a product with a transposed operand into one dgemm that reads the matrix transposed. */
class CompileFusionTest {

    private static Tensor naiveProduct(Tensor a, boolean ta, Tensor b, boolean tb) {
        int m = ta ? a.shape().dim(1) : a.shape().dim(0);
        int k = ta ? a.shape().dim(0) : a.shape().dim(1);
        int n = tb ? b.shape().dim(0) : b.shape().dim(1);
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int t = 0; t < k; t++) {
                    c[i][j] += (ta ? a.get(t, i) : a.get(i, t)) * (tb ? b.get(j, t) : b.get(t, j));
                }
            }
        }
        return Tensor.of(c);
    }

    private static void fusesTo(String name, boolean ta, boolean tb) {
        Var a = Var.of("a", ta ? Shape.matrix(5, 2) : Shape.matrix(2, 5));
        Var b = Var.of("b", tb ? Shape.matrix(3, 5) : Shape.matrix(5, 3));
        Expr product = (ta ? a.transpose() : a).matmul(tb ? b.transpose() : b);
        Program p = Compile.compile(List.of(product));
        assertEquals(1, p.size(), p.listing());
        assertTrue(p.listing().contains(name + " "), p.listing());
        assertEquals(List.of(name), p.primitives().map(io.fluxion.expr.Primitive::name), p.listing());
        Random r = new Random(name.hashCode());
        for (int i = 0; i < 3; i++) {
            Tensor av = uniform(r, a.shape(), -2, 2);
            Tensor bv = uniform(r, b.shape(), -2, 2);
            assertClose(naiveProduct(av, ta, bv, tb), p.run(Bindings.of(a, av).and(b, bv)).head(), name);
        }
    }

    @Test
    void transposedLeftOperand() {
        fusesTo("matmulTN", true, false);
    }

    @Test
    void transposedRightOperand() {
        fusesTo("matmulNT", false, true);
    }

    @Test
    void bothOperandsTransposed() {
        fusesTo("matmulTT", true, true);
    }

    @Test
    void aPlainProductStaysOneInstruction() {
        fusesTo("matmul", false, false);
    }

    @Test
    void theGradientOfAProductNeedsNoTransposeInstruction() {
        Var a = Var.of("a", Shape.matrix(2, 5));
        Var b = Var.of("b", Shape.matrix(5, 3));
        Program p = Compile.compile(Reverse.gradients(a.matmul(b).sum(), List.of(a, b)));
        assertTrue(!p.listing().contains("transpose"), p.listing());
    }
}
