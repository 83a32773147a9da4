package io.fluxion.nn;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** Params: construction and its checks, the arithmetic optimizers use, printing, equality. */
class ParamsTest {
    private final Var w = variable("W", 2, 3);
    private final Var b = variable("b", 3);
    private final Tensor wv = Tensor.of(Shape.of(2, 3), 1, -2, 3, -4, 5, -6);
    private final Tensor bv = Tensor.of(Shape.of(3), 0.5, 1.5, -2.5);
    private final Params p = Params.of(w, wv).and(b, bv);

    @Test
    void holdsValuesInInsertionOrder() {
        assertEquals(List.of(w, b), p.vars());
        assertEquals(List.of(wv, bv), p.values());
        assertEquals(List.of(b, w), Params.of(b, bv).and(w, wv).vars());
        assertEquals(wv, p.get(w));
        assertEquals(bv, p.get(b));
        assertEquals(2, p.size());
        assertEquals(9L, p.count());
        assertEquals(0, Params.empty().size());
        assertEquals(0L, Params.empty().count());
    }

    @Test
    void andLeavesTheOriginalAlone() {
        Params one = Params.of(w, wv);
        Params two = one.and(b, bv);
        assertEquals(List.of(w), one.vars());
        assertEquals(List.of(w, b), two.vars());
    }

    @Test
    void andRefusesAValueOfTheWrongShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> Params.of(w, Tensor.zeros(Shape.of(3, 2))));
        assertEquals("Params.and: variable W has shape (2, 3) but its value has shape (3, 2)", e.getMessage());
    }

    @Test
    void andRefusesAVariableTwice() {
        var e = assertThrows(IllegalArgumentException.class, () -> p.and(b, bv));
        assertEquals("Params.and: variable b (3) is already present", e.getMessage());
    }

    @Test
    void getNamesTheAbsentVariable() {
        Var c = variable("c");
        var e = assertThrows(IllegalArgumentException.class, () -> p.get(c));
        assertEquals("Params.get: no value for variable c (); the parameters are W (2, 3), b (3)", e.getMessage());
    }

    @Test
    void arithmeticIsElementwisePerVariable() {
        Params q = Params.of(w, Tensor.full(Shape.of(2, 3), 2)).and(b, Tensor.of(Shape.of(3), 1, 2, 3));
        assertArrayEquals(new double[] {3, 0, 5, -2, 7, -4}, p.plus(q).get(w).toArray());
        assertArrayEquals(new double[] {-0.5, -0.5, -5.5}, p.minus(q).get(b).toArray());
        assertArrayEquals(new double[] {-1, -3, 5}, p.times(-2).get(b).toArray());
        assertArrayEquals(new double[] {1, 4, 9, 16, 25, 36}, p.map(t -> t.times(t)).get(w).toArray());
        assertArrayEquals(new double[] {0.5, 3, -7.5}, p.zipWith(q, Tensor::times).get(b).toArray());
        assertEquals(List.of(w, b), p.zipWith(q, Tensor::times).vars());
    }

    @Test
    void zipWithMatchesByVariableNotOrder() {
        Params reversed = Params.of(b, bv).and(w, wv);
        Params sum = p.plus(reversed);
        assertEquals(List.of(w, b), sum.vars());
        assertArrayEquals(new double[] {1, 3, -5}, sum.get(b).toArray());
    }

    @Test
    void zipWithNamesTheFirstVariableThatDoesNotMatch() {
        var missing = assertThrows(IllegalArgumentException.class, () -> p.plus(Params.of(b, bv)));
        assertEquals("Params.zipWith: the other parameters have no value for W (2, 3)", missing.getMessage());

        Var c = variable("c", 1);
        var extra = assertThrows(IllegalArgumentException.class,
                () -> p.plus(p.and(c, Tensor.zeros(Shape.of(1)))));
        assertEquals("Params.zipWith: the other parameters hold c (1), which these parameters do not",
                extra.getMessage());

        Var otherW = variable("W", 3, 2);
        var namesake = assertThrows(IllegalArgumentException.class,
                () -> p.plus(Params.of(otherW, Tensor.zeros(Shape.of(3, 2))).and(b, bv)));
        assertEquals("Params.zipWith: the other parameters have no value for W (2, 3); "
                + "the other parameters hold another variable of that name, W (3, 2)", namesake.getMessage());
    }

    @Test
    void mapAndZipWithRefuseAChangeOfShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> p.map(t -> Tensor.scalar(t.sum())));
        assertEquals("Params.map: variable W has shape (2, 3) but its value has shape ()", e.getMessage());
        var z = assertThrows(IllegalArgumentException.class, () -> p.zipWith(p, (x, y) -> Tensor.scalar(1)));
        assertTrue(z.getMessage().startsWith("Params.zipWith: variable W has shape (2, 3)"), z.getMessage());
    }

    @Test
    void globalNormIsTheNormOfAllElements() {
        double squares = 0;
        for (double[] a : new double[][] {wv.toArray(), bv.toArray()}) {
            for (double x : a) {
                squares += x * x;
            }
        }
        assertEquals(Math.sqrt(squares), p.globalNorm(), 1e-15 * Math.sqrt(squares));
        assertEquals(Math.sqrt(1 + 4 + 9 + 16 + 25 + 36 + 0.25 + 2.25 + 6.25), p.globalNorm(), 1e-14);
        assertEquals(0.0, Params.empty().globalNorm());
    }

    @Test
    void zerosLikeKeepsVariablesAndShapes() {
        Params z = p.zerosLike();
        assertEquals(p.vars(), z.vars());
        assertEquals(Tensor.zeros(Shape.of(2, 3)), z.get(w));
        assertEquals(Tensor.zeros(Shape.of(3)), z.get(b));
    }

    @Test
    void toStringListsNamesAndShapesNeverValues() {
        Var big = variable("W", 784, 10);
        Var bias = variable("b", 10);
        Params model = Params.of(big, Tensor.full(Shape.of(784, 10), 0.125)).and(bias, Tensor.full(Shape.of(10), 0.125));
        assertEquals("W (784, 10)\nb (10)", model.toString());
        assertEquals("s ()", Params.of(variable("s"), Tensor.scalar(7)).toString());
        assertEquals("", Params.empty().toString());
    }

    @Test
    void equalityIsByContent() {
        Params same = Params.of(w, Tensor.of(Shape.of(2, 3), wv.toArray())).and(b, Tensor.of(Shape.of(3), bv.toArray()));
        assertEquals(p, same);
        assertEquals(p.hashCode(), same.hashCode());
        assertNotEquals(p, p.times(2));
        assertNotEquals(p, Params.of(w, wv));
        assertFalse(p.equals(Params.of(w, wv).and(variable("b", 3), bv)));
    }

    // Only empty parameters for now: Var and Tensor are not yet Serializable (the lead is making them so).
    @Test
    void emptyParamsSurviveSerialization() throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(Params.empty());
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(Params.empty(), in.readObject());
        }
    }

    @Test
    void toMapBindsTheVariablesForEvaluation() {
        Bindings bindings = Bindings.of(p.toMap());
        assertEquals(bv, bindings.get(b).get());
        assertEquals(List.of(w, b), List.ofAll(p.toMap().keySet()));
    }

    @Test
    void toConvertsEveryValueAndZerosLikeKeepsEachDType() {
        Var w = variable("w", 2);
        Var b = variable("b");
        Params p = Params.of(w, Tensor.vector(0.1, 3)).and(b, Tensor.scalar(1.0 / 3));
        Params f = p.to(DType.FLOAT32);
        assertEquals(io.vavr.control.Option.some(DType.FLOAT32), f.dtype());
        assertEquals(Tensor.vector(0.1, 3).to(DType.FLOAT32), f.get(w));
        assertEquals((float) (1.0 / 3), (float) f.get(b).item());
        assertEquals(f, f.to(DType.FLOAT32));
        assertEquals(Tensor.zeros(Shape.vector(2), DType.FLOAT32), f.zerosLike().get(w));
        assertEquals(f, f.to(DType.FLOAT64).to(DType.FLOAT32), "float32 to float64 is exact");
        Params mixed = p.and(variable("c"), Tensor.scalar(1, DType.FLOAT32));
        assertTrue(mixed.dtype().isEmpty(), "several dtypes: none");
        assertEquals(DType.FLOAT32, mixed.zerosLike().values().last().dtype());
        assertTrue(Params.empty().dtype().isEmpty());
    }
}
