package io.fluxion.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/** Dense and Sequential: shapes, Keras's defaults, activations, names, composition. */
class LayersTest {

    @Test
    void denseHasAGlorotKernelAZeroBiasAndMapsBatchesOfRows() {
        Model d = Dense.of(4, 3, 42L);
        List<Var> vars = d.params().vars();
        assertEquals(List.of("dense.kernel", "dense.bias"), vars.map(Var::name));
        assertEquals(Shape.of(4, 3), vars.get(0).shape());
        assertEquals(Shape.of(3), vars.get(1).shape());
        assertEquals(Initializers.glorotUniform(42L).apply(Shape.of(4, 3)), d.params().get(vars.get(0)));
        assertTrue(d.params().get(vars.get(1)).isAll(0));
        Tensor x = Tensor.of(Shape.of(2, 4), 1, 0, 0, 0, 0, 1, 0, 0);
        Tensor k = d.params().get(vars.get(0));
        // Row i of x picks row i of the kernel.
        assertArrayEquals(new double[] {k.get(0, 0), k.get(0, 1), k.get(0, 2), k.get(1, 0), k.get(1, 1), k.get(1, 2)},
                d.predict(x).toArray());
    }

    @Test
    void denseAppliesItsActivation() {
        Model d = Dense.of("relu", 1, 2, Initializers.constant(1), Initializers.constant(-1), Activations.RELU);
        assertArrayEquals(new double[] {0, 0, 2, 2}, d.predict(Tensor.of(Shape.of(2, 1), 0.5, 3)).toArray());
        Model s = Dense.of("soft", 2, 2, Initializers.constant(0), Initializers.zeros(), Activations.SOFTMAX);
        assertArrayEquals(new double[] {0.5, 0.5}, s.predict(Tensor.of(Shape.of(1, 2), 3, 4)).toArray());
    }

    @Test
    void denseRefusesEmptyLayers() {
        assertThrows(IllegalArgumentException.class, () -> Dense.of(0, 3, 1L));
        assertThrows(IllegalArgumentException.class, () -> Dense.of(3, 0, 1L));
    }

    @Test
    void sequentialComposesAndNumbersRepeatedNamesAsKeras() {
        Model a = Dense.of("a", 2, 3, Initializers.constant(1), Initializers.zeros(), Activations.LINEAR);
        Model b = Dense.of("a", 3, 1, Initializers.constant(2), Initializers.constant(1), Activations.LINEAR);
        Model c = Dense.of("a", 1, 1, Initializers.constant(-1), Initializers.zeros(), Activations.LINEAR);
        Model s = Sequential.of(a, b, c);
        assertEquals(List.of("a.kernel", "a.bias", "a_1.kernel", "a_1.bias", "a_2.kernel", "a_2.bias"),
                s.params().vars().map(Var::name));
        // (1 + 2) * 1 per hidden unit = 3, three units * 2 + 1 = 19, times -1.
        assertArrayEquals(new double[] {-19}, s.predict(Tensor.of(Shape.of(1, 2), 1, 2)).toArray());
        assertEquals(List.of("a.kernel", "a.bias"), a.params().vars().map(Var::name), "the layers are unchanged");
    }

    @Test
    void sequentialRefusesALayerTwice() {
        Model d = Dense.of(2, 2, 1L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sequential.of(d, d));
        assertTrue(e.getMessage().contains("layer 2 shares variable dense.kernel (2, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, Sequential::of);
    }
}
