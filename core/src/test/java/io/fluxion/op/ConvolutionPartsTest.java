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
 * The convolution kernels on batches large enough to be cut into several parts of images (the
 * last one short), in float64 and float32, against naive loops: each image's columns, the
 * transposed product added back, and the kernel gradient summed over parts.
 */
class ConvolutionPartsTest {

    static Stream<Arguments> geometries() {
        // images (N, C, H, W), kernel (O, C, kh, kw), stride, padding; each image well over a part's share
        return Stream.of(
                Arguments.of(Shape.of(5, 3, 21, 19), Shape.of(8, 3, 5, 4), 1, 0),
                Arguments.of(Shape.of(7, 2, 30, 27), Shape.of(3, 2, 5, 5), 1, 2),
                Arguments.of(Shape.of(5, 4, 33, 31), Shape.of(9, 4, 4, 3), 2, 1),
                Arguments.of(Shape.of(3, 1, 40, 40), Shape.of(40, 1, 3, 3), 3, 4));
    }

    @ParameterizedTest(name = "x {0}, k {1}, stride {2}, padding {3}")
    @MethodSource("geometries")
    void theThreeKernelsMatchLoopsOverSeveralParts(Shape xs, Shape ks, int stride, int padding) {
        Window w = new Window(xs.dim(0), xs.dim(1), xs.dim(2), xs.dim(3), ks.dim(2), ks.dim(3), stride, padding);
        int per = ConvKernels.imagesPerPart(w, ks.dim(0));
        assertTrue(per < xs.dim(0) && xs.dim(0) % per != 0, "several parts, the last one short: " + per + " per part");
        Random r = new Random(xs.size() * 7L + ks.size());
        Tensor x = Points.uniform(r, xs, -1, 1);
        Tensor k = Points.uniform(r, ks, -1, 1);
        Tensor y = ConvRef.conv2d(x, k, stride, padding);
        Tensor g = Points.uniform(r, y.shape(), -1, 1);
        Tensor t = ConvRef.transpose(g, k, stride, padding, xs.dim(2), xs.dim(3));
        Tensor dk = ConvRef.kernelGrad(x, g, stride, padding, ks.dim(2), ks.dim(3));
        for (DType d : List.of(DType.FLOAT64, DType.FLOAT32)) {
            double tol = d == DType.FLOAT64 ? 1e-12 : 1e-4;
            assertClose(y, new Convolution.Conv2d(stride, padding).apply(List.of(x.to(d), k.to(d))).to(DType.FLOAT64),
                    tol, tol, "conv2d in " + d);
            assertClose(t, new Convolution.Conv2dTranspose(stride, padding, xs.dim(2), xs.dim(3))
                    .apply(List.of(g.to(d), k.to(d))).to(DType.FLOAT64), tol, tol, "conv2dTranspose in " + d);
            assertClose(dk, new Convolution.Conv2dKernelGrad(stride, padding, ks.dim(2), ks.dim(3))
                    .apply(List.of(x.to(d), g.to(d))).to(DType.FLOAT64), tol, tol, "conv2dKernelGrad in " + d);
        }
    }
}
