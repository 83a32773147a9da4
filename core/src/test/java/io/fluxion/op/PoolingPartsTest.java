package io.fluxion.op;

import static io.fluxion.interp.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.interp.Points;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Max pooling and its two derivatives on images large enough to be cut into several parts of
 * planes, in float64 and float32, against naive loops (distinct random values, so each window's
 * maximum is one element), with windows apart (2, stride 2) and overlapping (3, stride 2).
 */
class PoolingPartsTest {

    static Stream<Arguments> geometries() {
        // images (N, C, H, W), window size, stride
        return Stream.of(
                Arguments.of(Shape.of(40, 6, 24, 24), 2, 2),
                Arguments.of(Shape.of(12, 5, 50, 47), 3, 2));
    }

    @ParameterizedTest(name = "x {0}, size {1}, stride {2}")
    @MethodSource("geometries")
    void maxPoolAndItsDerivativesMatchLoopsOverSeveralParts(Shape xs, int size, int stride) {
        assertTrue(xs.size() >= 2 * PoolKernels.PART_ELEMENTS, "several parts");
        Random r = new Random(xs.size());
        Tensor x = Points.uniform(r, xs, -1, 1);
        Tensor y = ConvRef.pool(x, size, stride, true);
        Tensor t = Points.uniform(r, xs, -1, 1);
        Tensor g = Points.uniform(r, y.shape(), -1, 1);
        Tensor[] expected = selectAndScatter(x, t, g, size, stride);
        for (DType d : List.of(DType.FLOAT64, DType.FLOAT32)) {
            double tol = d == DType.FLOAT64 ? 0 : 1e-6;
            Tensor xd = x.to(d);
            assertClose(y.to(d).to(DType.FLOAT64), new Pooling.MaxPool2d(size, stride).apply(List.of(xd))
                    .to(DType.FLOAT64), tol, tol, "maxPool2d in " + d);
            assertClose(expected[0].to(d).to(DType.FLOAT64), new Pooling.MaxPool2dSelect(size, stride)
                    .apply(List.of(xd, t.to(d))).to(DType.FLOAT64), tol, tol, "maxPool2dSelect in " + d);
            assertClose(expected[1], new Pooling.MaxPool2dScatter(size, stride).apply(List.of(xd, g.to(d)))
                    .to(DType.FLOAT64), tol, tol, "maxPool2dScatter in " + d);
        }
    }

    /** t at each window's maximum of x, and g added at those maxima into zeros of x's shape: naive loops. */
    private static Tensor[] selectAndScatter(Tensor x, Tensor t, Tensor g, int size, int s) {
        Shape xs = x.shape();
        Shape ys = g.shape();
        double[] selected = new double[ys.size()];
        double[] scattered = new double[xs.size()];
        int o = 0;
        for (int n = 0; n < xs.dim(0); n++) {
            for (int c = 0; c < xs.dim(1); c++) {
                for (int i = 0; i < ys.dim(2); i++) {
                    for (int j = 0; j < ys.dim(3); j++) {
                        int bi = i * s;
                        int bj = j * s;
                        for (int a = 0; a < size; a++) {
                            for (int b = 0; b < size; b++) {
                                if (x.get(n, c, i * s + a, j * s + b) > x.get(n, c, bi, bj)) {
                                    bi = i * s + a;
                                    bj = j * s + b;
                                }
                            }
                        }
                        selected[o] = t.get(n, c, bi, bj);
                        scattered[((n * xs.dim(1) + c) * xs.dim(2) + bi) * xs.dim(3) + bj] += g.get(n, c, i, j);
                        o++;
                    }
                }
            }
        }
        return new Tensor[] {Tensor.of(ys, selected), Tensor.of(xs, scattered)};
    }
}
