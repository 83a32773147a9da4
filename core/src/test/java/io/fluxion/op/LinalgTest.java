package io.fluxion.op;

import static io.fluxion.interp.DerivativeCheck.check;
import static io.fluxion.interp.Points.uniform;

import io.fluxion.expr.Apply;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The matrix product with NumPy's rules for vectors, the transpose, and the fused transposed products. */
class LinalgTest {

    private static void matmul(Shape a, Shape b, long seed) {
        Random r = new Random(seed);
        check("matmul " + a + " " + b, x -> x.get(0).matmul(x.get(1)), x -> Ref.matmul(x.get(0), x.get(1)),
                List.of(uniform(r, a, -2, 2), uniform(r, b, -2, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void matrixMatrix(long seed) {
        matmul(Shape.matrix(2, 3), Shape.matrix(3, 4), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void vectorMatrix(long seed) {
        matmul(Shape.vector(3), Shape.matrix(3, 4), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void matrixVector(long seed) {
        matmul(Shape.matrix(2, 3), Shape.vector(3), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void vectorVector(long seed) {
        matmul(Shape.vector(3), Shape.vector(3), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void squareMatrixTimesItself(long seed) {
        Random r = new Random(seed);
        check("a·a", x -> x.get(0).matmul(x.get(0)), x -> Ref.matmul(x.get(0), x.get(0)),
                List.of(uniform(r, Shape.matrix(3, 3), -2, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void transposeOfAMatrix(long seed) {
        Random r = new Random(seed);
        check("transpose", x -> x.get(0).transpose(), x -> Ref.transpose(x.get(0)),
                List.of(uniform(r, Shape.matrix(2, 3), -2, 2)), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void transposeOfAVectorIsItself(long seed) {
        Random r = new Random(seed);
        check("transpose", x -> x.get(0).transpose(), x -> x.get(0), List.of(uniform(r, Shape.vector(3), -2, 2)), seed);
    }

    /** matmulTN, matmulNT and matmulTT, the products compiled programs fuse into, with their own derivatives. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void fusedTransposedProducts(int flags) {
        boolean ta = (flags & 2) != 0;
        boolean tb = (flags & 1) != 0;
        Shape a = ta ? Shape.matrix(3, 2) : Shape.matrix(2, 3);
        Shape b = tb ? Shape.matrix(4, 3) : Shape.matrix(3, 4);
        Random r = new Random(flags);
        check(new Linalg.MatMul(ta, tb).name(), x -> Apply.of(new Linalg.MatMul(ta, tb), x.get(0), x.get(1)),
                x -> Ref.matmul(t(x.get(0), ta), t(x.get(1), tb)), List.of(uniform(r, a, -2, 2), uniform(r, b, -2, 2)),
                flags);
    }

    private static Tensor t(Tensor x, boolean transpose) {
        return transpose ? Ref.transpose(x) : x;
    }
}
