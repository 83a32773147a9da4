package io.fluxion.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A deserialised tensor is checked, and its storage is its own, whatever the stream holds. */
class TensorDeserialisationTest {

    private static Object roundTrip(Object value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    @Test
    void aValidTensorOfEitherDTypeComesBackEqual() throws Exception {
        Tensor t = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(t, roundTrip(t));
        assertEquals(t.to(DType.FLOAT32), roundTrip(t.to(DType.FLOAT32)));
    }

    @Test
    void moreOrFewerElementsThanTheShapeHoldsAreRefusedNamingBoth() {
        InvalidObjectException e = assertThrows(InvalidObjectException.class,
                () -> roundTrip(new Tensor(Shape.of(2, 3), new double[5])));
        assertTrue(e.getMessage().contains("float64 tensor of shape (2, 3) has 5 elements, but its shape holds 6"),
                e.getMessage());
        InvalidObjectException f = assertThrows(InvalidObjectException.class,
                () -> roundTrip(new Tensor(Shape.of(4), new float[7])));
        assertTrue(f.getMessage().contains("float32 tensor of shape (4) has 7 elements, but its shape holds 4"),
                f.getMessage());
    }

    @Test
    void aTensorWithNoElementsIsRefused() {
        InvalidObjectException e = assertThrows(InvalidObjectException.class,
                () -> roundTrip(new Tensor(Shape.of(2), (double[]) null)));
        assertTrue(e.getMessage().contains("neither float64 nor float32 elements"), e.getMessage());
    }

    @Test
    void anArrayTheStreamAlsoHoldsElsewhereIsNotTheTensors() throws Exception {
        Tensor t = Tensor.vector(1, 2, 3);
        List<Object> both = new ArrayList<>(List.of(t, t.data));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) roundTrip(both);
        double[] array = (double[]) back.get(1);
        array[0] = 99;
        assertEquals(Tensor.vector(1, 2, 3), back.get(0));
    }

    @Test
    void aShapeWithADimensionBelowOneIsRefused() throws Exception {
        Shape s = Shape.of(2, 3);
        Field dims = Shape.class.getDeclaredField("dims");
        dims.setAccessible(true);
        dims.set(s, new int[] {0, 3});
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> roundTrip(s));
        assertTrue(e.getMessage().contains("dimensions must be positive, got [0, 3]"), e.getMessage());
    }
}
