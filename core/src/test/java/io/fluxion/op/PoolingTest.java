package io.fluxion.op;

import static io.fluxion.interp.Approx.assertClose;

import io.fluxion.expr.Apply;
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
 * Max and average pooling and their derivative primitives: values against naive loops, first and
 * second derivatives against central differences (at points without ties, where max pooling is
 * smooth), windows that overlap (stride below size), tile, or leave rows out.
 */
class PoolingTest {

    static Stream<Arguments> geometries() {
        // images (N, C, H, W), size, stride
        return Stream.of(
                Arguments.of(Shape.of(1, 1, 4, 4), 2, 2),
                Arguments.of(Shape.of(2, 3, 5, 4), 2, 1),
                Arguments.of(Shape.of(2, 2, 7, 6), 3, 2),
                Arguments.of(Shape.of(1, 2, 5, 5), 2, 2),
                Arguments.of(Shape.of(1, 1, 3, 3), 3, 3));
    }

    @ParameterizedTest(name = "x {0}, size {1}, stride {2}")
    @MethodSource("geometries")
    void maxPoolMatchesLoopsAndDifferentiatesTwice(Shape xs, int size, int stride) {
        Tensor x = Points.distinct(new Random(xs.size()), xs);
        DerivativeCheck.check("maxPool2d", a -> a.get(0).maxPool2d(size, stride),
                a -> ConvRef.pool(a.get(0), size, stride, true), List.of(x), 3);
    }

    @ParameterizedTest(name = "x {0}, size {1}, stride {2}")
    @MethodSource("geometries")
    void avgPoolMatchesLoopsAndDifferentiatesTwice(Shape xs, int size, int stride) {
        Tensor x = Points.uniform(new Random(xs.size()), xs, -1, 1);
        DerivativeCheck.check("avgPool2d", a -> a.get(0).avgPool2d(size, stride),
                a -> ConvRef.pool(a.get(0), size, stride, false), List.of(x), 3);
    }

    @ParameterizedTest(name = "x {0}, size {1}, stride {2}")
    @MethodSource("geometries")
    void selectAndScatterAreAdjointAndDifferentiateTwice(Shape xs, int size, int stride) {
        Random r = new Random(xs.size() * 7L);
        Tensor x = Points.distinct(r, xs);
        Tensor t = Points.uniform(r, xs, -1, 1);
        Pooling.MaxPool2dSelect select = new Pooling.MaxPool2dSelect(size, stride);
        Pooling.MaxPool2dScatter scatter = new Pooling.MaxPool2dScatter(size, stride);
        Tensor g = Points.uniform(r, select.shape(List.of(xs, xs)), -1, 1);
        assertClose(Tensor.scalar(g.times(select.apply(List.of(x, t))).sum()),
                Tensor.scalar(t.times(scatter.apply(List.of(x, g))).sum()), "⟨g, select(x, t)⟩ = ⟨scatter(x, g), t⟩");
        // The point x only chooses: derivatives flow through the second argument alone.
        DerivativeCheck.checkDerivatives("maxPool2dSelect", a -> Apply.of(select, new io.fluxion.expr.Const(x), a.get(0)),
                List.of(t), 5);
        DerivativeCheck.checkDerivatives("maxPool2dScatter", a -> Apply.of(scatter, new io.fluxion.expr.Const(x), a.get(0)),
                List.of(g), 5);
    }

    @ParameterizedTest(name = "x {0}, size {1}, stride {2}")
    @MethodSource("geometries")
    void avgPoolTransposeIsTheAdjoint(Shape xs, int size, int stride) {
        Random r = new Random(xs.size() * 11L);
        Tensor x = Points.uniform(r, xs, -1, 1);
        Tensor y = ConvRef.pool(x, size, stride, false);
        Tensor g = Points.uniform(r, y.shape(), -1, 1);
        Tensor t = new Pooling.AvgPool2dTranspose(size, stride, xs.dim(2), xs.dim(3)).apply(List.of(g));
        assertClose(Tensor.scalar(y.times(g).sum()), Tensor.scalar(x.times(t).sum()), "⟨avgPool(x), g⟩ = ⟨x, T(g)⟩");
        DerivativeCheck.checkDerivatives("avgPool2dTranspose",
                a -> Apply.of(new Pooling.AvgPool2dTranspose(size, stride, xs.dim(2), xs.dim(3)), a.get(0)), List.of(g), 5);
    }
}
