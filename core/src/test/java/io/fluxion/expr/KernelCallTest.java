package io.fluxion.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Program;
import io.fluxion.interp.Tape;
import io.fluxion.op.Op;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.KernelCall;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A primitive of a user's, whose kernel reaches storage through the {@link KernelCall} it is given
 * and nowhere else: it computes eagerly, on a tape, compiled and in float32; the call fails once
 * its kernel has returned, and the accessor of the wrong dtype names the one to use.
 */
class KernelCallTest {
    private static final Var X = Var.of("x", Shape.vector(3));
    private static final Tensor AT = Tensor.vector(-1.5, 0.25, 2);

    /** softplus(x) = max(x, 0) + log1p(e^-|x|), with a kernel written against the call, in float64 and float32. */
    private record Softplus(boolean float32, Consumer<KernelCall> spy) implements Primitive {
        @Override
        public String name() {
            return "softplus";
        }

        @Override
        public Notation notation() {
            return Notation.call("softplus");
        }

        @Override
        public Shape shape(List<Shape> args) {
            return args.head();
        }

        @Override
        public boolean supports(DType dtype) {
            return dtype == DType.FLOAT64 || float32;
        }

        @Override
        public void compute(KernelCall call) {
            spy.accept(call);
            assertEquals(1, call.arity());
            assertEquals(call.shape(0), call.outputShape());
            if (call.outputDType() == DType.FLOAT32) {
                float[] x = call.readFloats(0);
                float[] y = call.writeFloats();
                for (int i = 0; i < y.length; i++) {
                    y[i] = (float) softplus(x[i]);
                }
            } else {
                double[] x = call.read(0);
                double[] y = call.write();
                for (int i = 0; i < y.length; i++) {
                    y[i] = softplus(x[i]);
                }
            }
        }

        @Override
        public Expr jvp(Apply node, int arg, Expr tangent) {
            return tangent.times(node.arg(0).sigmoid());
        }

        @Override
        public Expr vjp(Apply node, int arg, Expr cotangent) {
            return cotangent.times(node.arg(0).sigmoid());
        }
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static Tensor expected(Tensor x) {
        return x.map(KernelCallTest::softplus);
    }

    private static Softplus softplus(boolean float32) {
        return new Softplus(float32, call -> { });
    }

    @Test
    void aUsersKernelComputesEagerlyOnATapeAndCompiled() {
        Expr y = Apply.of(softplus(false), X);
        Bindings b = Bindings.of(X, AT);
        assertEquals(expected(AT), Evaluate.evaluate(y, b));
        Tape tape = Tape.record(y.times(X).sum(), b);
        // d/dx sum(softplus(x)·x) = sigmoid(x)·x + softplus(x)
        Tensor sigmoid = AT.map(v -> 1 / (1 + Math.exp(-v)));
        assertTrue(tape.gradient(X).closeTo(sigmoid.times(AT).plus(expected(AT)), 1e-12), tape.gradient(X).toString());
        Program p = Compile.compile(List.of(y.times(2)));
        assertEquals(expected(AT).times(2), p.run(b).head());
        assertEquals(expected(AT).times(2), p.run(Bindings.of(X, AT)).head(), "a second run of the program's buffers");
    }

    @Test
    void aFloat32KernelReadsAndWritesFloatsAndAFloat64OneIsRunInFloat64() {
        Tensor at32 = AT.to(DType.FLOAT32);
        Bindings b = Bindings.of(X, at32);
        Tensor own = Evaluate.evaluate(Apply.of(softplus(true), X), b);
        assertEquals(DType.FLOAT32, own.dtype());
        assertEquals(at32.map(KernelCallTest::softplus), own);
        AtomicReference<DType> seen = new AtomicReference<>();
        Tensor widened = Compile.compile(List.of(Apply.of(new Softplus(false, c -> seen.set(c.dtype(0))), X)))
                .run(b).head();
        assertEquals(DType.FLOAT64, seen.get(), "a kernel without float32 support is given float64 arguments");
        assertEquals(DType.FLOAT32, widened.dtype());
        assertEquals(expected(at32.to(DType.FLOAT64)).to(DType.FLOAT32), widened);
    }

    @Test
    void aCallUsedAfterItsKernelReturnedFailsNamingThePrimitive() {
        AtomicReference<KernelCall> kept = new AtomicReference<>();
        Evaluate.evaluate(Apply.of(new Softplus(false, kept::set), X), Bindings.of(X, AT));
        KernelCall call = kept.get();
        for (Runnable use : List.<Runnable>of(() -> call.read(0), call::write, () -> call.readFloats(0),
                call::writeFloats, () -> call.shape(0), call::outputShape, call::arity)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, use::run);
            assertTrue(e.getMessage().contains("of softplus: the call has returned"), e.getMessage());
        }
        assertEquals("KernelCall(softplus: returned)", call.toString());
    }

    @Test
    void aBuiltInPrimitivesKernelRunsOnAUsersCallOnlyWhileItIsOpen() {
        AtomicReference<KernelCall> kept = new AtomicReference<>();
        Evaluate.evaluate(Apply.of(new Softplus(false, kept::set), X), Bindings.of(X, AT));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> io.fluxion.op.Arithmetic.NEG.compute(kept.get()));
        assertTrue(e.getMessage().contains("of softplus: the call has returned"), e.getMessage());
    }

    @Test
    void theAccessorOfTheWrongDtypeNamesTheOneToUse() {
        Primitive readsFloats = new Softplus(false, call -> call.readFloats(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluate.evaluate(Apply.of(readsFloats, X), Bindings.of(X, AT)));
        assertEquals("KernelCall.readFloats(0) of softplus: argument 0 is float64, not float32; its storage is reached"
                + " with read(0) (a float64 output's kernel is given float64 arguments)", e.getMessage());
        Primitive writesDoubles = new Softplus(true, KernelCall::write);
        e = assertThrows(IllegalArgumentException.class,
                () -> Evaluate.evaluate(Apply.of(writesDoubles, X), Bindings.of(X, AT.to(DType.FLOAT32))));
        assertEquals("KernelCall.write() of softplus: the output is float32, not float64; its storage is reached with"
                + " writeFloats() (a kernel that handles only float64 must not declare float32 support)", e.getMessage());
        IndexOutOfBoundsException outside = assertThrows(IndexOutOfBoundsException.class,
                () -> Evaluate.evaluate(Apply.of(new Softplus(false, call -> call.read(1)), X), Bindings.of(X, AT)));
        assertEquals("KernelCall.read(1) of softplus: the kernel has 1 argument(s), 0 to 0", outside.getMessage());
    }

    @Test
    void anOpsKernelWrittenOnACall() {
        Op.Rule same = (node, arg, seed) -> seed;
        Op twice = Op.of("twice", Notation.call("twice"), s -> s.head(), Op.Kernel.of("twice", call -> {
            double[] x = call.read(0);
            double[] y = call.write();
            for (int i = 0; i < y.length; i++) {
                y[i] = 2 * x[i];
            }
        }), same, same);
        assertEquals(AT.times(2), Evaluate.evaluate(Apply.of(twice, X), Bindings.of(X, AT)));
        assertEquals(AT.times(2), Compile.compile(List.of(Apply.of(twice, X))).run(Bindings.of(X, AT)).head());
        assertFalse(twice.supports(DType.FLOAT32));
    }
}
