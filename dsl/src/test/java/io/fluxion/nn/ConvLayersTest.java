package io.fluxion.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** Conv2D, MaxPool2D and Flatten as torch.nn's layers: shapes, parameters, initialisation and bad input. */
class ConvLayersTest {

    @Test
    void conv2dHasTorchShapesNamesAndInitialisation() {
        Model conv = Conv2D.of(3, 8, 5, 1L);
        assertEquals("Model(conv2d.kernel (8, 3, 5, 5), conv2d.bias (8))", conv.toString());
        double bound = 1 / Math.sqrt(3 * 5 * 5);
        for (Tensor t : conv.params().values()) {
            assertTrue(t.map(Math::abs).max() <= bound, "within ±1/√fan_in: " + t.map(Math::abs).max());
            assertTrue(t.map(Math::abs).max() > bound / 2, "spread over the range");
        }
        assertTrue(!conv.params().values().get(0).slice(0, 0, 1).reshape(75).slice(0, 0, 8)
                .equals(conv.params().values().get(1)), "kernel and bias from different streams");
        Tensor x = Tensor.zeros(Shape.of(2, 3, 10, 12));
        // Zero images: each output channel is its bias.
        Tensor y = conv.predict(x);
        assertEquals(Shape.of(2, 8, 6, 8), y.shape());
        assertEquals(conv.params().values().get(1).get(5), y.get(1, 5, 3, 7), 0);
    }

    @Test
    void strideAndPaddingAndActivation() {
        Model conv = Conv2D.of(1, 2, 3, 2, 1, 7L, Activations.RELU);
        Tensor y = conv.predict(Tensor.full(Shape.of(1, 1, 7, 7), -1));
        assertEquals(Shape.of(1, 2, 4, 4), y.shape());
        assertTrue(y.min() >= 0, "ReLU applied");
    }

    @Test
    void poolingAndFlattenInASequential() {
        Model m = Sequential.of(Conv2D.of(1, 4, 3, 1L, Activations.RELU), MaxPool2D.of(2), Flatten.of(),
                Dense.of(4 * 3 * 3, 10, 2L));
        assertEquals(List.of("conv2d.kernel", "conv2d.bias", "dense.kernel", "dense.bias"), m.params().vars().map(Var::name));
        assertEquals(Shape.of(5, 10), m.predict(Tensor.zeros(Shape.of(5, 1, 8, 8))).shape());
        assertEquals(Shape.of(2, 3), MaxPool2D.of(2, 1).predict(Tensor.zeros(Shape.of(1, 1, 3, 4))).reshape(2, 3).shape());
        assertEquals(Shape.of(3, 24), Flatten.of().predict(Tensor.zeros(Shape.of(3, 2, 3, 4))).shape());
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException layer = assertThrows(IllegalArgumentException.class, () -> Conv2D.of(0, 4, 3, 1L));
        assertTrue(layer.getMessage().contains("in 0"), layer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaxPool2D.of(0));
        ShapeException channels = assertThrows(ShapeException.class,
                () -> Conv2D.of(3, 4, 3, 1L).predict(Tensor.zeros(Shape.of(1, 2, 5, 5))));
        assertTrue(channels.getMessage().contains("input channels (3) differ from the images' (2)")
                && channels.getMessage().contains("(1, 2, 5, 5)"), channels.getMessage());
        ShapeException rank = assertThrows(ShapeException.class,
                () -> Conv2D.of(1, 4, 3, 1L).predict(Tensor.zeros(Shape.of(5, 5))));
        assertTrue(rank.getMessage().contains("needs images of shape (N, C, H, W), got images and kernel (5, 5) and (4, 1, 3, 3)"), rank.getMessage());
        ShapeException small = assertThrows(ShapeException.class,
                () -> MaxPool2D.of(4).predict(Tensor.zeros(Shape.of(1, 1, 3, 8))));
        assertTrue(small.getMessage().contains("window (4 × 4) is larger than the images (1, 1, 3, 8)"), small.getMessage());
        assertThrows(ShapeException.class, () -> Flatten.of().predict(Tensor.scalar(1)));
    }
}
