package io.fluxion.interp;

import static io.fluxion.interp.Points.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Program.runInto: the bits of run, written into the caller's buffers, and a clear error for each misuse. */
class ProgramRunIntoTest {
    private final Var x = Var.of("x", Shape.vector(50));
    private final Var w = Var.of("w", Shape.matrix(3, 4));

    /** The Rosenbrock gradient over slices: one fused loop whose output is the program's. */
    private Expr rosenbrockGradient() {
        Expr head = x.slice(0, 0, 49);
        Expr tail = x.slice(0, 1, 50);
        Expr f = tail.minus(head.square()).square().times(100).plus(Const.of(1).minus(head).square()).sum();
        return Reverse.gradients(f, List.of(x)).head();
    }

    private static void assertSameBits(Tensor expected, Buffer actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.toArray();
        double[] a = actual.toTensor().toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), what + " at " + i);
        }
    }

    @Test
    void writesTheBitsOfRunIntoTheBuffersRunAfterRun() {
        Expr y = w.tanh().times(w).plus(w.exp()).sum(1);
        Expr[] outs = {rosenbrockGradient(), w, new Const(Tensor.vector(7, 8, 9)), y, y, y.times(2).sum()};
        Program p = Compile.compile(List.of(outs));
        Buffer[] buffers = List.of(outs).map(e -> Buffer.of(e.shape())).toJavaArray(Buffer[]::new);
        Random r = new Random(4);
        for (int run = 0; run < 3; run++) {
            Bindings b = Bindings.of(x, uniform(r, x.shape(), -2, 2)).and(w, uniform(r, w.shape(), -2, 2));
            List<Tensor> expected = p.run(b);
            p.runInto(b, buffers);
            for (int i = 0; i < outs.length; i++) {
                assertSameBits(expected.get(i), buffers[i], "run " + run + ", output " + i);
            }
        }
    }

    @Test
    void laterRunsNeverWriteTheCallersBuffers() {
        Program p = Compile.compile(List.of(rosenbrockGradient()));
        Buffer g = Buffer.of(x.shape());
        Random r = new Random(5);
        Bindings first = Bindings.of(x, uniform(r, x.shape(), -2, 2));
        p.runInto(first, g);
        double[] kept = g.toTensor().toArray();
        Bindings second = Bindings.of(x, uniform(r, x.shape(), -2, 2));
        Tensor fresh = p.run(second).head();
        p.run(second, true);
        assertArrayEquals(kept, g.toTensor().toArray(), "the workspace has its own buffer back");
        assertEquals(p.run(first).head(), g.toTensor());
        assertTrue(!fresh.equals(g.toTensor()), "the two points have different gradients");
    }

    @Test
    void checkFiniteNamesTheInstructionAndLeavesTheWorkspaceWhole() {
        Var v = Var.of("v", Shape.vector(2));
        Program p = Compile.compile(List.of(v.log().times(v)));
        Buffer out = Buffer.of(v.shape());
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> p.runInto(Bindings.of(v, Tensor.vector(1, -1)), true, out));
        assertTrue(e.getMessage().contains("log"), e.getMessage());
        double[] seen = out.toTensor().toArray();
        assertEquals(Tensor.vector(0, 2 * Math.log(2)), p.run(Bindings.of(v, Tensor.vector(1, 2))).head());
        assertArrayEquals(seen, out.toTensor().toArray(), "the failed run's buffer is the caller's again");
    }

    @Test
    void misusesAreNamed() {
        Program p = Compile.compile(List.of(x.times(x), x.sum()));
        Bindings b = Bindings.of(x, uniform(new Random(6), x.shape(), -2, 2));
        Buffer v = Buffer.of(x.shape());
        Buffer s = Buffer.of(Shape.scalar());
        assertEquals("runInto: the program has 2 output(s), got 1 buffer(s)",
                assertThrows(IllegalArgumentException.class, () -> p.runInto(b, v)).getMessage());
        assertEquals("runInto: output 1 has shape (), its buffer has shape (50)",
                assertThrows(ShapeException.class, () -> p.runInto(b, v, Buffer.of(x.shape()))).getMessage());
        Program twice = Compile.compile(List.of(x.times(x), x.exp()));
        assertEquals("runInto: outputs 0 and 1 were given the same buffer",
                assertThrows(IllegalArgumentException.class, () -> twice.runInto(b, v, v)).getMessage());
        assertEquals("runInto: the buffer of output 0 holds the value bound to input 'x'; a run cannot write over what"
                        + " it reads (use a second buffer)",
                assertThrows(IllegalArgumentException.class, () -> p.runInto(b.and(x, io.fluxion.tensor.internal.Storage.view(v)), v, s)).getMessage());
        Buffer v32 = Buffer.of(x.shape(), io.fluxion.tensor.DType.FLOAT32);
        Buffer s32 = Buffer.of(Shape.scalar(), io.fluxion.tensor.DType.FLOAT32);
        assertEquals("runInto: the buffer of output 0 holds the value bound to input 'x'; a run cannot write over what"
                        + " it reads (use a second buffer)",
                assertThrows(IllegalArgumentException.class, () -> p.runInto(
                        Bindings.of(x, io.fluxion.tensor.internal.Storage.view(v32)), v32, s32)).getMessage());
        UnboundVariableException unbound = assertThrows(UnboundVariableException.class,
                () -> p.runInto(Bindings.empty(), v, s));
        assertEquals(List.of(x), unbound.missing());
        p.runInto(b, v, s);
        assertEquals(p.run(b), List.of(v.toTensor(), s.toTensor()));
    }
}
