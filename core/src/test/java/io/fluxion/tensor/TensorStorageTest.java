package io.fluxion.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * A tensor's elements never change once it exists: what its public API takes in is copied, what
 * it gives out is a copy, and a {@link Buffer} copies in and out, so that no array a user holds is
 * a tensor's storage.
 */
class TensorStorageTest {
    private static final Shape M = Shape.matrix(2, 2);

    @Test
    void whatATensorGivesOutIsACopy() {
        Tensor t = Tensor.of(M, 1, 2, 3, 4);
        t.toArray()[0] = 9;
        t.toFloatArray()[0] = 9;
        t.toMatrix().set(0, 0, 9);
        t.shape().dims()[0] = 9;
        t.shape().strides()[0] = 9;
        Tensor f = t.to(DType.FLOAT32);
        f.toFloatArray()[1] = 9;
        f.toArray()[1] = 9;
        assertEquals(Tensor.of(M, 1, 2, 3, 4), t);
        assertEquals(Tensor.of(M, 1, 2, 3, 4).to(DType.FLOAT32), f);
        assertEquals(M, t.shape());
        assertEquals(2, t.shape().strides()[0]);
    }

    @Test
    void whatATensorIsMadeFromIsCopied() {
        double[] d = {1, 2, 3, 4};
        float[] f = {1, 2, 3, 4};
        double[][] rows = {{1, 2}, {3, 4}};
        float[][] floatRows = {{1, 2}, {3, 4}};
        DMatrixRMaj matrix = new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}});
        Tensor[] made = {Tensor.vector(d).reshape(M), Tensor.of(M, d), Tensor.of(rows), Tensor.of(M, f),
            Tensor.of(floatRows), Tensor.fromMatrix(matrix, M)};
        d[0] = 9;
        f[0] = 9;
        rows[0][0] = 9;
        floatRows[0][0] = 9;
        matrix.set(0, 0, 9);
        for (Tensor t : made) {
            assertEquals(1.0, t.get(0, 0), t.toString());
        }
    }

    @Test
    void aBufferCopiesInAndOutSoThatWritingItChangesNoTensor() {
        Tensor a = Tensor.of(M, 1, 2, 3, 4);
        Buffer b = Buffer.of(M);
        b.set(a);
        Tensor out = b.toTensor();
        double[] into = new double[4];
        b.copyTo(into);
        b.set(Tensor.of(M, 5, 6, 7, 8));
        assertEquals(Tensor.of(M, 1, 2, 3, 4), a, "the tensor set into the buffer");
        assertEquals(Tensor.of(M, 1, 2, 3, 4), out, "the tensor taken out of it");
        assertArrayEquals(new double[] {1, 2, 3, 4}, into);
        assertEquals(7.0, b.get(1, 0));
        b.setRows(Tensor.of(Shape.matrix(3, 2), 0, 0, 9, 9, 9, 9), 1);
        assertEquals(Tensor.full(M, 9), b.toTensor());
        assertEquals(Tensor.of(M, 1, 2, 3, 4), out, "the tensor taken out before");
    }

    @Test
    void aFloat32BufferGivesItsElementsAsExactDoubles() {
        Buffer b = Buffer.of(M, DType.FLOAT32);
        b.setConverted(Tensor.of(M, 0.1, 0.2, 0.3, 0.4));
        double[] into = new double[4];
        b.copyTo(into);
        assertArrayEquals(new double[] {0.1f, 0.2f, 0.3f, 0.4f}, into);
        assertEquals((double) 0.4f, b.get(1, 1));
        assertEquals(DType.FLOAT32, b.toTensor().dtype());
    }

    @Test
    void copyingIntoAnArrayOfAnotherSizeIsAnErrorNamingBoth() {
        Buffer b = Buffer.of(M);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.copyTo(new double[3]));
        assertEquals("Buffer.copyTo: the buffer of shape (2, 2) has 4 elements, the destination holds 3", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> b.get(2, 0));
    }
}
