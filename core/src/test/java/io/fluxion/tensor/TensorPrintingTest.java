package io.fluxion.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** toString as NumPy's repr: shape and dtype, rows on lines of their own, aligned, summarised when large. */
class TensorPrintingTest {

    @Test
    void aMatrixPrintsOneRowPerLineAligned() {
        assertEquals("""
                Tensor([[  1, 2.5],
                        [  3,   4]], shape=(2, 2), dtype=float64)""",
                Tensor.of(new double[][] {{1, 2.5}, {3, 4}}).toString());
    }

    @Test
    void vectorsNameTheirShapeAndDtype() {
        assertEquals("Tensor([0.1,   2], shape=(2), dtype=float32)", Tensor.vector(0.1, 2).to(DType.FLOAT32).toString());
        assertEquals("Tensor([-0.5], shape=(1), dtype=float64)", Tensor.vector(-0.5).toString());
    }

    @Test
    void aScalarIsItsNumberAsANumPyScalarPrints() {
        assertEquals("-0.5", Tensor.scalar(-0.5).toString());
        assertEquals("float32(3)", Tensor.scalar(3, DType.FLOAT32).toString());
        assertEquals("loss 0.25", "loss " + Tensor.scalar(0.25));
    }

    @Test
    void higherRanksSeparateBlocksWithABlankLine() {
        assertEquals("""
                Tensor([[[1, 2],
                         [3, 4]],

                        [[5, 6],
                         [7, 8]]], shape=(2, 2, 2), dtype=float64)""",
                Tensor.of(Shape.of(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8).toString());
    }

    @Test
    void beyondAThousandElementsOnlyTheEdgesPrint() {
        double[] v = new double[40 * 30];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        String[] lines = Tensor.of(Shape.of(40, 30), v).toString().split("\n");
        assertEquals(7, lines.length);
        assertEquals("Tensor([[   0,    1,    2, ...,   27,   28,   29],", lines[0]);
        assertEquals("        ...,", lines[3]);
        assertEquals("        [1170, 1171, 1172, ..., 1197, 1198, 1199]], shape=(40, 30), dtype=float64)", lines[6]);
    }

    @Test
    void aThousandElementsPrintInFull() {
        String s = Tensor.zeros(Shape.of(10, 100)).toString();
        assertFalse(s.contains("..."), "NumPy summarises only beyond its threshold of 1000");
        assertEquals(10, s.split("\n").length);
        assertEquals(1000, s.chars().filter(c -> c == '0').count() - "(10, 100)".chars().filter(c -> c == '0').count());
    }

    @Test
    void theCompactFormIsOneLineForPrograms() {
        assertEquals("[[1, 2.5], [3, 4]]", Tensor.of(new double[][] {{1, 2.5}, {3, 4}}).toCompactString());
        assertEquals("[0, 1, 2, ..., 7, 8, 9]", Tensor.of(Shape.vector(10), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9).toCompactString());
    }
}
