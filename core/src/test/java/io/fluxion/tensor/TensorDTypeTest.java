package io.fluxion.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.tensor.internal.Storage;
import org.junit.jupiter.api.Test;

/** Tensors of both dtypes: factories, conversion, equality, printing, arithmetic's promotion, storage access. */
class TensorDTypeTest {
    private static final Shape M = Shape.matrix(2, 2);

    @Test
    void float64IsTheDefaultAndFloat32FactoriesMakeFloat32() {
        assertEquals(DType.FLOAT64, Tensor.of(M, 1, 2, 3, 4).dtype());
        assertEquals(DType.FLOAT64, Tensor.vector(1, 2).dtype());
        assertEquals(DType.FLOAT64, Tensor.scalar(1).dtype());
        assertEquals(DType.FLOAT32, Tensor.of(M, new float[] {1, 2, 3, 4}).dtype());
        assertEquals(DType.FLOAT32, Tensor.of(new float[][] {{1, 2}, {3, 4}}).dtype());
        assertEquals(DType.FLOAT32, Tensor.zeros(M, DType.FLOAT32).dtype());
        assertEquals(DType.FLOAT32, Tensor.ones(M, DType.FLOAT32).dtype());
        assertEquals(DType.FLOAT32, Tensor.scalar(0.1, DType.FLOAT32).dtype());
        assertEquals((double) 0.1f, Tensor.scalar(0.1, DType.FLOAT32).item());
        assertEquals((double) 0.1f, Tensor.full(M, 0.1, DType.FLOAT32).get(1, 1));
        assertEquals(Tensor.of(new float[][] {{1, 2}, {3, 4}}), Tensor.of(M, new float[] {1, 2, 3, 4}));
    }

    @Test
    void factoriesCopyTheirFloats() {
        float[] d = {1, 2, 3, 4};
        Tensor t = Tensor.of(M, d);
        d[0] = 9;
        assertEquals(1.0, t.get(0, 0));
        float[] out = t.toFloatArray();
        out[1] = 9;
        assertEquals(2.0, t.get(0, 1));
    }

    @Test
    void conversionRoundsToNearestAndWidensExactly() {
        Tensor t = Tensor.vector(0.1, 1.0 / 3, 16777217, -2.5e-50);
        Tensor f = t.to(DType.FLOAT32);
        assertArrayEquals(new float[] {0.1f, 1.0f / 3, 16777216f, -0.0f}, f.toFloatArray());
        assertArrayEquals(new double[] {0.1f, 1.0f / 3, 16777216f, -0.0}, f.toArray());
        assertEquals(f, f.to(DType.FLOAT64).to(DType.FLOAT32));
        assertSame(t, t.to(DType.FLOAT64));
        assertSame(f, f.to(DType.FLOAT32));
    }

    @Test
    void equalityIsByDtypeShapeAndElements() {
        Tensor d = Tensor.vector(1, 2);
        Tensor f = d.to(DType.FLOAT32);
        assertNotEquals(d, f);
        assertEquals(f, Tensor.of(Shape.vector(2), new float[] {1, 2}));
        assertEquals(f.hashCode(), Tensor.of(Shape.vector(2), new float[] {1, 2}).hashCode());
        assertTrue(d.closeTo(f, 0), "closeTo compares values whatever the dtypes");
    }

    @Test
    void float32PrintsItsFloatsInsideFloat32() {
        assertEquals("float32([0.1, 2])", Tensor.vector(0.1, 2).to(DType.FLOAT32).toCompactString());
        assertEquals("[0.1, 2]", Tensor.vector(0.1, 2).toCompactString());
        assertEquals("float32(3)", Tensor.scalar(3, DType.FLOAT32).toCompactString());
    }

    @Test
    void arithmeticPromotesTensorsAndKeepsTheDtypeForNumbers() {
        Tensor f = Tensor.vector(0.1, 0.2).to(DType.FLOAT32);
        Tensor d = Tensor.vector(1, 2);
        assertEquals(DType.FLOAT64, f.plus(d).dtype());
        assertEquals(DType.FLOAT64, d.times(f).dtype());
        assertArrayEquals(new double[] {0.1f + 1.0, 0.2f + 2.0}, f.plus(d).toArray());
        Tensor scaled = f.times(0.3);
        assertEquals(DType.FLOAT32, scaled.dtype());
        assertArrayEquals(new float[] {0.1f * 0.3f, 0.2f * 0.3f}, scaled.toFloatArray());
        assertEquals(DType.FLOAT32, f.minus(f).dtype());
        assertEquals(DType.FLOAT32, f.negate().dtype());
        assertEquals(DType.FLOAT32, f.map(Math::sin).dtype());
        assertEquals((float) Math.sin(0.1f), f.map(Math::sin).toFloatArray()[0]);
        assertEquals(DType.FLOAT32, f.reshape(2, 1).dtype());
        assertEquals(DType.FLOAT32, f.reshape(2, 1).takeRows(new int[] {1}).dtype());
        assertEquals((double) 0.2f, f.reshape(2, 1).takeRows(new int[] {1}).item());
        assertEquals((double) 0.1f + (double) 0.2f, f.sum());
    }

    @Test
    void storageOfTheOtherDtypeIsAnErrorNamingBoth() {
        Tensor f = Tensor.zeros(M, DType.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Storage.read(f));
        assertTrue(e.getMessage().contains("is float32, not float64") && e.getMessage().contains("readFloats"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Storage.readFloats(Tensor.zeros(M)));
        assertThrows(IllegalArgumentException.class, () -> Storage.write(Buffer.of(M, DType.FLOAT32)));
        assertThrows(IllegalArgumentException.class, () -> Storage.writeFloats(Buffer.of(M)));
        assertEquals(4, Storage.readFloats(f).length);
    }

    @Test
    void buffersOfEitherDtypeAndConversionIntoThem() {
        Buffer b = Buffer.of(M, DType.FLOAT32);
        assertEquals(DType.FLOAT32, b.dtype());
        assertEquals(DType.FLOAT32, b.toTensor().dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.set(Tensor.zeros(M)));
        assertTrue(e.getMessage().contains("buffer is float32, value is float64"), e.getMessage());
        b.setConverted(Tensor.of(M, 0.1, 0.2, 0.3, 0.4));
        assertEquals(Tensor.of(M, 0.1, 0.2, 0.3, 0.4).to(DType.FLOAT32), b.toTensor());
        Buffer wide = Buffer.of(M);
        wide.setConverted(b.toTensor());
        assertEquals(b.toTensor().to(DType.FLOAT64), wide.toTensor());
    }

    @Test
    void dtypesPromoteAsNumPyDoes() {
        assertEquals(DType.FLOAT64, DType.FLOAT32.promote(DType.FLOAT64));
        assertEquals(DType.FLOAT64, DType.FLOAT64.promote(DType.FLOAT32));
        assertEquals(DType.FLOAT32, DType.FLOAT32.promote(DType.FLOAT32));
        assertEquals("float32", DType.FLOAT32.toString());
        assertEquals(4, DType.FLOAT32.bytes());
        assertEquals(0x1p-23, DType.FLOAT32.epsilon());
        assertEquals(0x1p-52, DType.FLOAT64.epsilon());
    }
}
