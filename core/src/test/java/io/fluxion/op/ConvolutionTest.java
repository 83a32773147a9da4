package io.fluxion.op;

import static io.fluxion.interp.Approx.assertClose;

import io.fluxion.interp.DerivativeCheck;
import io.fluxion.interp.Points;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution, its transpose and its kernel gradient: values against naive loops, first and second
 * derivatives (reverse, forward, reverse over reverse, forward over reverse) against central
 * differences, at strides, paddings, rectangular kernels and images, and several channels.
 */
class ConvolutionTest {

    static Stream<Arguments> geometries() {
        // images (N, C, H, W), kernel (O, C, kh, kw), stride, padding
        return Stream.of(
                Arguments.of(Shape.of(1, 1, 4, 4), Shape.of(1, 1, 3, 3), 1, 0),
                Arguments.of(Shape.of(2, 3, 5, 4), Shape.of(2, 3, 3, 2), 1, 1),
                Arguments.of(Shape.of(2, 2, 6, 5), Shape.of(3, 2, 2, 3), 2, 0),
                Arguments.of(Shape.of(1, 2, 5, 5), Shape.of(2, 2, 3, 3), 2, 1),
                Arguments.of(Shape.of(3, 1, 3, 3), Shape.of(2, 1, 1, 1), 1, 0),
                Arguments.of(Shape.of(1, 1, 2, 2), Shape.of(1, 1, 3, 3), 1, 1),
                Arguments.of(Shape.of(2, 1, 7, 6), Shape.of(1, 1, 3, 3), 3, 2));
    }

    @ParameterizedTest(name = "x {0}, k {1}, stride {2}, padding {3}")
    @MethodSource("geometries")
    void conv2dMatchesLoopsAndDifferentiatesTwice(Shape xs, Shape ks, int stride, int padding) {
        Random r = new Random(xs.size() * 31L + ks.size());
        Tensor x = Points.uniform(r, xs, -1, 1);
        Tensor k = Points.uniform(r, ks, -1, 1);
        DerivativeCheck.check("conv2d", a -> a.get(0).conv2d(a.get(1), stride, padding),
                a -> ConvRef.conv2d(a.get(0), a.get(1), stride, padding), List.of(x, k), 3);
    }

    @ParameterizedTest(name = "x {0}, k {1}, stride {2}, padding {3}")
    @MethodSource("geometries")
    void transposeIsTheAdjointAndDifferentiatesTwice(Shape xs, Shape ks, int stride, int padding) {
        Random r = new Random(xs.size() * 17L + ks.size());
        Tensor k = Points.uniform(r, ks, -1, 1);
        Shape ys = ConvRef.conv2d(Tensor.zeros(xs), k, stride, padding).shape();
        Tensor g = Points.uniform(r, ys, -1, 1);
        Tensor x = Points.uniform(r, xs, -1, 1);
        Tensor t = new Convolution.Conv2dTranspose(stride, padding, xs.dim(2), xs.dim(3)).apply(List.of(g, k));
        // <x, T(g, k)> = <conv(x, k), g>: the transpose against the naive convolution.
        double left = x.times(t).sum();
        double right = ConvRef.conv2d(x, k, stride, padding).times(g).sum();
        assertClose(Tensor.scalar(right), Tensor.scalar(left), "⟨x, conv2dTranspose(g, k)⟩ = ⟨conv2d(x, k), g⟩");
        DerivativeCheck.checkDerivatives("conv2dTranspose",
                a -> Convolution.conv2dTranspose(a.get(0), a.get(1), stride, padding, xs.dim(2), xs.dim(3)),
                List.of(g, k), 5);
    }

    @ParameterizedTest(name = "x {0}, k {1}, stride {2}, padding {3}")
    @MethodSource("geometries")
    void kernelGradientIsTheAdjointAndDifferentiatesTwice(Shape xs, Shape ks, int stride, int padding) {
        Random r = new Random(xs.size() * 13L + ks.size());
        Tensor x = Points.uniform(r, xs, -1, 1);
        Tensor k = Points.uniform(r, ks, -1, 1);
        Shape ys = ConvRef.conv2d(x, k, stride, padding).shape();
        Tensor g = Points.uniform(r, ys, -1, 1);
        Convolution.Conv2dKernelGrad op = new Convolution.Conv2dKernelGrad(stride, padding, ks.dim(2), ks.dim(3));
        Tensor dk = op.apply(List.of(x, g));
        // <k, G(x, g)> = <conv(x, k), g>
        assertClose(Tensor.scalar(ConvRef.conv2d(x, k, stride, padding).times(g).sum()), Tensor.scalar(k.times(dk).sum()),
                "⟨k, conv2dKernelGrad(x, g)⟩ = ⟨conv2d(x, k), g⟩");
        DerivativeCheck.checkDerivatives("conv2dKernelGrad",
                a -> io.fluxion.expr.Apply.of(op, a.get(0), a.get(1)), List.of(x, g), 7);
    }

}
