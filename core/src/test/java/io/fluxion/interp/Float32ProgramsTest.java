package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Linearise;
import io.fluxion.interp.internal.TypedProgram;
import io.fluxion.op.Op;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Kernels;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Programs specialised per signature of input dtypes: fused float32 loops give the bits of the
 * unfused float32 program and of {@link Evaluate}, as in float64; a float32 program computes in
 * float32 throughout, with weak constants converted once when it is specialised; mixed dtypes
 * promote through conversions; specialisations are made once and kept.
 */
class Float32ProgramsTest {
    private static final int[] SIZES = {1, 5, 600, 1500};

    private static Tensor narrow(Random r, Shape s) {
        return Points.uniform(r, s, -3, 3).to(DType.FLOAT32);
    }

    /** Equal dtype, shape and bits (a NaN equal to the same NaN). */
    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(expected, actual, what);
    }

    @Test
    void fusedFloat32ChainsGiveTheBitsOfTheUnfusedProgramAndOfEvaluate() {
        Random r = new Random(7);
        int fusedPrograms = 0;
        for (int trial = 0; trial < 240; trial++) {
            int n = SIZES[trial % SIZES.length];
            Var x = Var.of("x", Shape.vector(n));
            Var y = Var.of("y", Shape.vector(n));
            List<Expr> outs = LoopFusionTest.randomChain(r, x, y);
            List<Expr> simple = Simplify.simplify(outs);
            Program fused = Compile.compile(outs);
            Program plain = Linearise.linearise(simple);
            // One trial in three binds y as float64: the float32 values meet it through conversions.
            Tensor yv = trial % 3 == 2 ? Points.uniform(r, y.shape(), -3, 3) : narrow(r, y.shape());
            Bindings b = Bindings.of(x, narrow(r, x.shape())).and(y, yv);
            TypedProgram typed = fused.typedFor(new Tensor[] {b.getOrNull(x), b.getOrNull(y)});
            TypedProgram typedPlain = plain.typedFor(new Tensor[] {b.getOrNull(x), b.getOrNull(y)});
            fusedPrograms += n > 1 && typed.size() < typedPlain.size() ? 1 : 0;
            List<Tensor> got = fused.run(b);
            List<Tensor> unfused = plain.run(b);
            List<Tensor> direct = Evaluate.evaluate(simple, b);
            for (int i = 0; i < outs.size(); i++) {
                String what = "trial " + trial + ", output " + i + "\n" + fused.listing(b);
                if (trial % 3 != 2) {
                    assertEquals(DType.FLOAT32, got.get(i).dtype(), what);
                }
                assertSameBits(unfused.get(i), got.get(i), what);
                assertSameBits(direct.get(i), got.get(i), what);
            }
        }
        assertTrue(fusedPrograms > 140, "float32 programs of vectors made shorter by fusion, of 180: " + fusedPrograms);
    }

    @Test
    void theFloat32RosenbrockGradientIsOneFloat32Loop() {
        int n = 2000;
        Var x = Var.of("x", Shape.vector(n));
        Expr head = x.slice(0, 0, n - 1);
        Expr f = x.slice(0, 1, n).minus(head.square()).square().times(100).plus(Const.of(1).minus(head).square()).sum();
        Expr g = Reverse.gradients(f, List.of(x)).head();
        Program fused = Compile.compile(List.of(g));
        Program plain = Linearise.linearise(Simplify.simplify(List.of(g)));
        Bindings b = Bindings.of(x, Points.uniform(new Random(3), x.shape(), -2, 2).to(DType.FLOAT32));
        String listing = fused.listing(b);
        assertEquals(1, fused.typedFor(new Tensor[] {b.getOrNull(x)}).size(), listing);
        assertFalse(listing.contains("convert"), listing);
        assertTrue(listing.contains("const float32(200)") && !listing.contains("const 200"),
                "weak constants converted once, when specialised\n" + listing);
        assertSameBits(plain.run(b).head(), fused.run(b).head(), "gradient");
        assertEquals(DType.FLOAT32, fused.run(b).head().dtype());
    }

    @Test
    void checkFiniteNamesTheFloat32PartAsTheUnfusedProgramDoes() {
        int n = 1500;
        Var x = Var.of("x", Shape.vector(n));
        List<Expr> outs = List.of(x.times(2).exp().times(0).plus(x).square());
        float[] v = new float[n];
        v[1100] = 50; // exp(100) overflows float32 (but not float64): inf * 0 is NaN further on
        v[1300] = 60;
        Bindings b = Bindings.of(x, Tensor.of(x.shape(), v));
        Program fused = Compile.compile(outs);
        String unfused = assertThrows(ArithmeticException.class,
                () -> Linearise.linearise(Simplify.simplify(outs)).run(b, true)).getMessage();
        String got = assertThrows(ArithmeticException.class, () -> fused.run(b, true)).getMessage();
        assertEquals(unfused, got);
        assertTrue(got.contains("= exp produced Infinity at element 1100 of shape (1500)"), got);
        assertTrue(Double.isNaN(fused.run(b).head().get(1100)));
        assertTrue(Double.isFinite(fused.run(Bindings.of(x, Tensor.of(x.shape(), v).to(DType.FLOAT64))).head().get(1100)),
                "the same in float64 is finite");
    }

    @Test
    void aSpecialisationIsMadeOncePerSignatureAndFloat64RunsKeepTheirBits() {
        Var x = Var.of("x", Shape.vector(600));
        Var y = Var.of("y", Shape.vector(600));
        Program p = Compile.compile(List.of(x.times(y).plus(1).tanh().sum()));
        Random r = new Random(5);
        Tensor x64 = Points.uniform(r, x.shape(), -1, 1);
        Tensor y64 = Points.uniform(r, y.shape(), -1, 1);
        Tensor before = p.run(Bindings.of(x, x64).and(y, y64)).head();
        Tensor[] narrow = {x64.to(DType.FLOAT32), y64.to(DType.FLOAT32)};
        Tensor[] mixed = {x64.to(DType.FLOAT32), y64};
        TypedProgram first = p.typedFor(narrow);
        assertSame(first, p.typedFor(new Tensor[] {narrow[0], narrow[1]}));
        TypedProgram other = p.typedFor(mixed);
        assertSame(other, p.typedFor(mixed));
        assertSame(first, p.typedFor(narrow));
        assertEquals(DType.FLOAT32, p.run(Bindings.of(x, narrow[0]).and(y, narrow[1])).head().dtype());
        assertEquals(DType.FLOAT64, p.run(Bindings.of(x, mixed[0]).and(y, mixed[1])).head().dtype());
        assertEquals(before, p.run(Bindings.of(x, x64).and(y, y64)).head());
        assertTrue(p.listing(Bindings.of(x, mixed[0]).and(y, mixed[1])).contains("convert[float64] v"),
                p.listing(Bindings.of(x, mixed[0]).and(y, mixed[1])));
        assertEquals(p.listing(), p.listing(Bindings.of(x, x64).and(y, y64)));
    }

    @Test
    void aProgramRunOnlyInFloat32NeverMakesItsFloat64Specialisation() {
        Var x = Var.of("x", Shape.vector(600));
        Program p = Compile.compile(List.of(x.times(x).plus(1).tanh().sum()));
        Tensor x64 = Points.uniform(new Random(9), x.shape(), -1, 1);
        Tensor narrow = p.run(Bindings.of(x, x64.to(DType.FLOAT32))).head();
        assertFalse(p.madeFloat64(), "a float32 run made the float64 specialisation");
        assertEquals(DType.FLOAT32, narrow.dtype());
        // Asked for, it is made then, and is what float64 runs use.
        assertTrue(p.size() > 0);
        assertTrue(p.madeFloat64());
        assertSame(p.typedFor(new Tensor[] {x64}), p.typedFor(new Tensor[] {x64}));
        assertEquals(p.listing(), p.listing(Bindings.of(x, x64)));
    }

    @Test
    void aFloat64OnlyKernelInAFloat32ProgramComputesInFloat64BetweenConversions() {
        Op.Rule none = (node, arg, seed) -> seed;
        Op mySin = Op.of("mySin", Notation.call("mySin"), s -> s.head(), (in, out) -> Kernels.map(in[0], Math::sin, out),
                none, none);
        Var x = Var.of("x", Shape.vector(700));
        Expr e = Apply.of(mySin, x.times(2)).plus(1);
        Program p = Compile.compile(List.of(e));
        Bindings b = Bindings.of(x, narrow(new Random(2), x.shape()));
        String listing = p.listing(b);
        assertTrue(listing.contains("= mySin v") && listing.contains("convert[float64]")
                && listing.contains("convert[float32]"), listing);
        Tensor got = p.run(b).head();
        assertSameBits(Evaluate.evaluate(e, b), got, "value");
        assertEquals(DType.FLOAT32, got.dtype());
    }

    @Test
    void runIntoWritesAFloat32ProgramsBitsIntoFloat32BuffersAndNamesABufferOfTheWrongDtype() {
        Var x = Var.of("x", Shape.vector(600));
        Program p = Compile.compile(List.of(x.square().plus(1).log(), x.sum()));
        Bindings b = Bindings.of(x, narrow(new Random(8), x.shape()));
        io.fluxion.tensor.Buffer v = io.fluxion.tensor.Buffer.of(x.shape(), DType.FLOAT32);
        io.fluxion.tensor.Buffer s = io.fluxion.tensor.Buffer.of(Shape.scalar(), DType.FLOAT32);
        p.runInto(b, v, s);
        assertEquals(p.run(b), List.of(v.toTensor(), s.toTensor()));
        io.fluxion.tensor.Buffer wide = io.fluxion.tensor.Buffer.of(Shape.scalar());
        assertEquals("runInto: output 1 is float32 for these bindings, its buffer is float64",
                assertThrows(IllegalArgumentException.class, () -> p.runInto(b, v, wide)).getMessage());
        assertEquals(List.of(DType.FLOAT32, DType.FLOAT32), p.outputDTypes(b));
        Bindings b64 = Bindings.of(x, b.getOrNull(x).to(DType.FLOAT64));
        assertEquals(List.of(DType.FLOAT64, DType.FLOAT64), p.outputDTypes(b64));
        p.runInto(b64, io.fluxion.tensor.Buffer.of(x.shape()), wide);
        assertEquals(p.run(b64).get(1), wide.toTensor());
    }

    @Test
    void anOutputThatDependsOnNoInputKeepsItsConstantsDtype() {
        Var x = Var.of("x", Shape.vector(2));
        Program p = Compile.compile(List.of(x.times(3), Const.of(2).exp()));
        Bindings b = Bindings.of(x, Tensor.vector(1, 2).to(DType.FLOAT32));
        List<Tensor> out = p.run(b);
        assertEquals(DType.FLOAT32, out.get(0).dtype());
        assertEquals(DType.FLOAT64, out.get(1).dtype(), "a weak constant meets nothing to adapt to");
        assertEquals(List.of(DType.FLOAT32, DType.FLOAT64), p.outputDTypes(b));
    }
}
