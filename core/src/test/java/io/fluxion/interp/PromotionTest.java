package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Var;
import io.fluxion.op.Arithmetic;
import io.fluxion.op.Op;
import io.fluxion.op.Structure;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The dtype rules of expressions under the interpreters that compute values: the dtype flows from
 * the bindings, float32 meeting float64 gives float64, float64 constants are weak and take the
 * dtype they meet, indices and conditions do not decide, and a float64-only kernel still gives
 * float32 values.
 */
class PromotionTest {
    private static final Shape V = Shape.vector(3);
    private static final Var X = Var.of("x", V);
    private static final Var Y = Var.of("y", V);
    private static final Tensor X64 = Tensor.vector(0.1, -1.7, 2.3);
    private static final Tensor X32 = X64.to(DType.FLOAT32);
    private static final Tensor Y64 = Tensor.vector(0.7, 0.2, -0.4);

    private static Tensor eval(Expr e, Bindings b) {
        return Evaluate.evaluate(e, b);
    }

    @Test
    void aVariableTakesTheDtypeOfItsBinding() {
        Expr e = X.times(X).exp();
        assertEquals(DType.FLOAT64, eval(e, Bindings.of(X, X64)).dtype());
        assertEquals(DType.FLOAT32, eval(e, Bindings.of(X, X32)).dtype());
        assertEquals(DType.FLOAT32, Tape.record(e.sum(), Bindings.of(X, X32)).value().dtype());
    }

    @Test
    void float32MeetingFloat64GivesFloat64() {
        Tensor v = eval(X.plus(Y), Bindings.of(X, X32).and(Y, Y64));
        assertEquals(DType.FLOAT64, v.dtype());
        assertArrayEquals(new double[] {0.1f + 0.7, -1.7f + 0.2, 2.3f - 0.4}, v.toArray());
    }

    @Test
    void float64ConstantsAreWeakAndFloat32OnesStrong() {
        Tensor v = eval(X.times(0.1).plus(new Const(Tensor.vector(1, 2, 3))), Bindings.of(X, X32));
        assertEquals(DType.FLOAT32, v.dtype());
        float[] x = X32.toFloatArray();
        assertArrayEquals(new float[] {x[0] * 0.1f + 1, x[1] * 0.1f + 2, x[2] * 0.1f + 3}, v.toFloatArray());
        Const strong = new Const(Tensor.scalar(2, DType.FLOAT32));
        assertFalse(strong.weak());
        assertTrue(Const.of(2).weak());
        assertEquals(DType.FLOAT64, eval(X.times(strong), Bindings.of(X, X64)).dtype(), "a float32 constant promotes");
        assertEquals(DType.FLOAT32, eval(strong.times(Const.of(0.1)), Bindings.empty()).dtype());
    }

    @Test
    void whatIsComputedFromWeakConstantsAloneIsWeak() {
        Expr weak = Const.of(2).exp().plus(1);
        assertTrue(weak.weak());
        assertFalse(X.times(weak).weak());
        assertFalse(X.weak());
        assertEquals(DType.FLOAT64, eval(weak, Bindings.empty()).dtype());
        Tensor v = eval(X.times(weak), Bindings.of(X, X32));
        assertEquals(DType.FLOAT32, v.dtype());
        assertEquals(X32.toFloatArray()[1] * (float) (Math.exp(2) + 1), v.toFloatArray()[1]);
        // A condition does not decide: 1 and 0 are weak, so the mask adapts to what it multiplies.
        Expr mask = Structure.where(X.gt(Const.of(0)), Const.of(1), Const.of(0));
        assertTrue(mask.weak());
        assertEquals(DType.FLOAT64, eval(mask, Bindings.of(X, X32)).dtype());
        assertEquals(DType.FLOAT32, eval(mask.times(X), Bindings.of(X, X32)).dtype());
    }

    @Test
    void indicesAndConditionsDoNotDecideTheDtype() {
        Var idx = Var.of("i", Shape.vector(2));
        Tensor g = eval(Structure.take(X, idx, 0), Bindings.of(X, X32).and(idx, Tensor.vector(2, 0)));
        assertEquals(DType.FLOAT32, g.dtype());
        assertArrayEquals(new float[] {X32.toFloatArray()[2], X32.toFloatArray()[0]}, g.toFloatArray());
        Var c = Var.of("c", V);
        Tensor w = eval(Structure.where(c, X, X.negate()), Bindings.of(X, X32).and(c, Tensor.vector(1, 0, 1)));
        assertEquals(DType.FLOAT32, w.dtype());
        assertEquals(DType.FLOAT64, eval(Structure.where(c, X, Y), Bindings.of(X, X32).and(Y, Y64)
                .and(c, Tensor.vector(1, 0, 1).to(DType.FLOAT32))).dtype());
    }

    @Test
    void constantFoldingFollowsTheSameRules() {
        Tensor strong = Tensor.scalar(3, DType.FLOAT32);
        assertEquals(DType.FLOAT32, Arithmetic.MUL.apply(List.of(strong, Tensor.scalar(0.1))).dtype());
        assertEquals(DType.FLOAT64, Arithmetic.MUL.apply(List.of(Tensor.scalar(3), Tensor.scalar(0.1))).dtype());
        Expr folded = Simplify.simplify(new Const(strong).times(Const.of(0.1)));
        assertEquals(new Const(Tensor.scalar(3f * 0.1f, DType.FLOAT32)), folded);
    }

    @Test
    void aFloat64OnlyKernelRunsInFloat64AndItsValueIsRoundedToFloat32() {
        AtomicInteger calls = new AtomicInteger();
        Op.Rule none = (node, arg, seed) -> seed;
        Op mySin = Op.of("mySin", Notation.call("mySin"), s -> s.head(), Op.Kernel.of("mySin", call -> {
            double[] x = call.read(0);
            double[] y = call.write();
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.sin(x[i]);
            }
            calls.incrementAndGet();
        }), none, none);
        assertFalse(mySin.supports(DType.FLOAT32));
        Tensor v = eval(Apply.of(mySin, X), Bindings.of(X, X32));
        assertEquals(DType.FLOAT32, v.dtype());
        assertEquals(X32.map(Math::sin), v);
        assertEquals(1, calls.get());
    }

    @Test
    void aTapesGradientHasItsVariablesDtype() {
        Var w = Var.of("w", V);
        Var unused = Var.of("u", V);
        Bindings b = Bindings.of(X, X32).and(w, Y64).and(unused, X32);
        Tape t = Tape.record(X.times(w).sum(), b);
        assertEquals(DType.FLOAT64, t.value().dtype(), "float32 times float64 is float64");
        List<Tensor> g = t.gradients(List.of(X, w, unused));
        assertEquals(Y64.to(DType.FLOAT32), g.get(0));
        assertEquals(X32.to(DType.FLOAT64), g.get(1));
        assertEquals(Tensor.zeros(V, DType.FLOAT32), g.get(2));
        Tape pure = Tape.record(X.times(X).times(0.5).sum(), Bindings.of(X, X32));
        assertEquals(X32, pure.gradient(X), "x·x·0.5 has gradient x, bit for bit in float32");
    }
}
