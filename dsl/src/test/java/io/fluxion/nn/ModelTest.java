package io.fluxion.nn;

import static io.fluxion.dsl.Dsl.variable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Var;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Models: prediction through a cached program, parameters swapped and renamed, serialization. */
class ModelTest {
    private final Var w = variable("W");
    private final Var b = variable("b");
    private final Model line = Model.of(x -> x.times(w).plus(b), Params.of(w, Tensor.scalar(5)).and(b, Tensor.scalar(1)));

    @Test
    void predictsWithItsParameters() {
        assertArrayEquals(new double[] {6, 11, -4}, line.predict(Tensor.vector(1, 2, -1)).toArray());
        assertEquals(Shape.of(2, 1), line.predict(Tensor.of(Shape.of(2, 1), 0, 1)).shape());
    }

    private static final AtomicInteger BUILT = new AtomicInteger();

    @Test
    void compilesOncePerInputShapeAndSharesProgramsWithItsCopies() {
        Model counting = Model.of(x -> {
            BUILT.incrementAndGet();
            return x.times(w).plus(b);
        }, line.params());
        BUILT.set(0);
        counting.predict(Tensor.vector(1, 2));
        counting.predict(Tensor.vector(3, 4));
        assertEquals(1, BUILT.get());
        Model other = counting.withParams(Params.of(w, Tensor.scalar(2)).and(b, Tensor.scalar(0)));
        assertArrayEquals(new double[] {6, 8}, other.predict(Tensor.vector(3, 4)).toArray());
        assertEquals(1, BUILT.get(), "a copy with other values reuses the program");
        counting.predict(Tensor.vector(1, 2, 3));
        assertEquals(2, BUILT.get(), "a new shape compiles anew");
    }

    @Test
    void withParamsRefusesOtherVariables() {
        Var c = variable("c");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> line.withParams(Params.of(w, Tensor.scalar(1)).and(c, Tensor.scalar(0))));
        assertTrue(e.getMessage().startsWith("Model.withParams: "), e.getMessage());
        assertTrue(e.getMessage().contains("b ()"), e.getMessage());
    }

    @Test
    void anInputTheForwardFunctionRejectsIsNamed() {
        Model dense = Dense.of(3, 2, 1L);
        ShapeException e = assertThrows(ShapeException.class, () -> dense.predict(Tensor.zeros(Shape.of(4, 5))));
        assertTrue(e.getMessage().startsWith("Model.predict: the forward function does not accept an input of shape (4, 5)"),
                e.getMessage());
    }

    @Test
    void renamedKeepsValuesAndBehaviourWithFreshVariables() {
        Model r = line.renamed(n -> "line." + n);
        assertEquals(List.of("line.W", "line.b"), r.params().vars().map(Var::name));
        assertTrue(r.params().vars().forAll(v -> !line.params().vars().contains(v)));
        assertEquals(line.params().values(), r.params().values());
        assertArrayEquals(line.predict(Tensor.vector(1, 2)).toArray(), r.predict(Tensor.vector(1, 2)).toArray());
    }

    @Test
    void survivesSerialization() throws Exception {
        Model back = roundTrip(Sequential.of(Dense.of(2, 3, 1L, Activations.RELU), Dense.of(3, 1, 2L)));
        Model original = Sequential.of(Dense.of(2, 3, 1L, Activations.RELU), Dense.of(3, 1, 2L));
        Tensor x = Tensor.of(Shape.of(2, 2), 1, -2, 0.5, 3);
        assertArrayEquals(original.predict(x).toArray(), back.predict(x).toArray());
        assertEquals("Model(dense.kernel (2, 3), dense.bias (3), dense_1.kernel (3, 1), dense_1.bias (1))", back.toString());
    }

    static Model roundTrip(Model m) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Model) in.readObject();
        }
    }

    @Test
    void aModelConvertedToFloat32PredictsInFloat32() {
        Model m = Dense.of(3, 2, 5L, Activations.RELU);
        Model f = m.to(DType.FLOAT32);
        assertEquals(m.params().vars(), f.params().vars());
        Tensor x = Tensor.of(new double[][] {{1, -2, 0.5}, {0.25, 4, -1}});
        Tensor y = f.predict(x.to(DType.FLOAT32));
        assertEquals(DType.FLOAT32, y.dtype());
        assertTrue(m.predict(x).closeTo(y, 1e-6), "float32 within rounding of float64");
        assertEquals(DType.FLOAT64, m.predict(x).dtype(), "the original keeps its float64 parameters");
    }
}
