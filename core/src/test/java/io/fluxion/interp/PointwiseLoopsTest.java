package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.FloatFusedRun;
import io.fluxion.interp.internal.Fused;
import io.fluxion.interp.internal.FusedRun;
import io.fluxion.op.Structure;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Fused loops compiled to one method give the bits of the same loop run block by block
 * (FusedRun), for every primitive that declares a scalar form, in float64 and float32, at the
 * values where a form written differently would part from its block kernel. Bits as
 * {@code Double.compare} sees them (as ElementwiseLoopsTest): every NaN is one, since which NaN a
 * NaN operation gives (its sign and payload) depends on whether the JIT has compiled
 * {@code Math.log} to its intrinsic yet, in either form of the loop.
 */
class PointwiseLoopsTest {
    private static final double[] SPECIAL = {Double.NaN, Double.NEGATIVE_INFINITY, -1e308, -2.5, -1, -0.5, -1e-310,
            -0.0, 0.0, 1e-310, 0.5, 1, 2.5, 3.0e38, 1e308, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e-45, 88.7, 710};

    /** The loops of a program's specialisation for these inputs. */
    private static List<Fused> loops(Program p, Tensor... in) {
        return p.typedFor(in).primitives().filter(Fused.class::isInstance).map(Fused.class::cast);
    }

    /** Whether the loop ran compiled to one method (a hidden class of its own) rather than block by block. */
    private static boolean compiled(Fused f) {
        return f.pointwise().get() != null && f.pointwise().get().getClass().isHidden();
    }

    private static Tensor values(int n, int stride, DType dtype) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = SPECIAL[(i + stride * (i / SPECIAL.length)) % SPECIAL.length];
        }
        return Tensor.of(Shape.vector(n), v).to(dtype);
    }

    /** The loop run compiled (applyInto) and block by block, each bit compared. */
    private static void assertSameBits(Fused f, Tensor[] args, String what) {
        Buffer compiled = Buffer.of(f.shape(), f.dtype());
        Buffer blocks = Buffer.of(f.shape(), f.dtype());
        f.applyInto(args, compiled);
        Fused.Loop run = f.dtype() == DType.FLOAT32 ? new FloatFusedRun(f) : new FusedRun(f);
        run.run(args, blocks, false, 0, f.shape().size());
        double[] a = blocks.toTensor().toArray();
        double[] b = compiled.toTensor().toArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToLongBits(a[i]), Double.doubleToLongBits(b[i]), what + " at " + i + ": "
                    + args[0].toArray()[i] + (args.length > 1 && args[1].shape().size() > 1 ? ", " + args[1].toArray()[i] : ""));
        }
    }

    @Test
    void everyDeclaredFormComputesItsBlockKernelsBits() {
        int n = SPECIAL.length * SPECIAL.length;
        Var x = Var.of("x", Shape.vector(n));
        Var y = Var.of("y", Shape.vector(n));
        // Times a second value makes a loop of two parts, which compile fuses.
        List<UnaryOperator<Expr>> unary = List.of(Expr::exp, Expr::log, Expr::expm1, Expr::sqrt, Expr::sin, Expr::cos,
                Expr::tanh, Expr::abs, Expr::negate, Expr::square, Expr::relu);
        List<BinaryOperator<Expr>> binary = List.of(Expr::plus, Expr::minus, Expr::times, Expr::div, Expr::gt, Expr::lt);
        List<Expr> outputs = unary.map(f -> f.apply(x).times(y)).appendAll(binary.map(f -> f.apply(x, y).plus(x)));
        for (DType dtype : DType.values()) {
            Tensor[] in = {values(n, 1, dtype), values(n, 7, dtype)};
            for (Expr e : outputs) {
                Program p = Compile.compile(List.of(e));
                Tensor[] bound = p.inputs().map(v -> v.name().equals("x") ? in[0] : in[1]).toJavaArray(Tensor[]::new);
                Fused f = loops(p, bound).single();
                Tensor[] args = new Tensor[f.inputSlots().length];
                // The loop's inputs are x and y in some order: bind by the listing's input names.
                for (int j = 0; j < args.length; j++) {
                    args[j] = p.inputs().get(indexOf(p, f, j)).name().equals("x") ? in[0] : in[1];
                }
                assertSameBits(f, args, dtype + " " + f.label());
                assertTrue(compiled(f), f.label());
            }
        }
    }

    /** The position among the program's inputs of the loop's j-th input (the program reads only x and y). */
    private static int indexOf(Program p, Fused f, int j) {
        String listing = p.listing();
        String slot = "v" + f.inputSlots()[j] + " = input ";
        String name = listing.substring(listing.indexOf(slot) + slot.length()).split(" ")[0];
        return p.inputs().map(v -> v.name()).indexOf(name);
    }

    @Test
    void constantsAndLongLoopsOverSeveralThreads() {
        // 163,840 positions: two threads each run a range of the compiled method. Finite values,
        // so that checkFinite (which runs loops block by block) can give the bits to compare.
        int n = 163_840;
        Var p = Var.of("p", Shape.vector(n));
        Var m = Var.of("m", Shape.vector(n));
        Var v = Var.of("v", Shape.vector(n));
        Expr update = p.plus(m.div(v.abs().sqrt().div(0.3).plus(1e-8)).times(-1e-3)).relu();
        Program program = Compile.compile(List.of(update));
        java.util.Random r = new java.util.Random(5);
        for (DType dtype : DType.values()) {
            Bindings b = Bindings.empty();
            for (Var x : List.of(p, m, v)) {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = r.nextGaussian();
                }
                b = b.and(x, Tensor.of(x.shape(), d).to(dtype));
            }
            double[] blocks = program.run(b, true).head().toArray();
            double[] compiled = program.run(b).head().toArray();
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(blocks[i]), Double.doubleToLongBits(compiled[i]), dtype + " at " + i);
            }
            Bindings bound = b;
            Fused f = loops(program, List.of(p, m, v).map(x -> bound.get(x).get()).toJavaArray(Tensor[]::new)).single();
            assertTrue(compiled(f), f.label());
        }
    }

    @Test
    void alikeLoopsShareOneCompiledClassAndKeepTheirBits() {
        // An update in the manner of Adam's, for a parameter of 100 and one of 30 elements, in two
        // programs: both loops compile to the same method, one instance.
        java.util.Random r = new java.util.Random(11);
        java.util.Map<DType, Object> shared = new java.util.EnumMap<>(DType.class);
        for (DType dtype : DType.values()) {
            Object[] instances = new Object[2];
            int[] sizes = {100, 30};
            for (int k = 0; k < 2; k++) {
                int n = sizes[k];
                Var p = Var.of("p", Shape.vector(n));
                Var g = Var.of("g", Shape.vector(n));
                Program program = Compile.compile(List.of(p.minus(g.times(p).div(g.square().plus(p.square()).sqrt()))));
                Tensor pt = gaussian(r, n, dtype);
                Tensor gt = gaussian(r, n, dtype);
                program.run(Bindings.of(p, pt).and(g, gt));
                Fused f = loops(program, pt, gt).single();
                assertTrue(compiled(f), f.label());
                Tensor[] args = new Tensor[f.inputSlots().length];
                for (int j = 0; j < args.length; j++) {
                    args[j] = program.inputs().get(indexOf(program, f, j)).name().equals("p") ? pt : gt;
                }
                assertSameBits(f, args, dtype + " " + n + " " + f.label());
                instances[k] = f.pointwise().get();
            }
            assertTrue(instances[0] == instances[1], dtype + ": the two loops have one compiled instance");
            // A loop of another computation has its own.
            Var x = Var.of("x", Shape.vector(100));
            Tensor xt = values(100, 1, dtype);
            Program other = Compile.compile(List.of(x.exp().times(x)));
            other.run(Bindings.of(x, xt));
            assertFalse(instances[0] == loops(other, xt).single().pointwise().get(), dtype + ": another loop's class");
            shared.put(dtype, instances[0]);
        }
        assertFalse(shared.get(DType.FLOAT64) == shared.get(DType.FLOAT32), "each dtype's loop has its own class");
    }

    private static Tensor gaussian(java.util.Random r, int n, DType dtype) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return Tensor.of(Shape.vector(n), v).to(dtype);
    }

    @Test
    void aLoopWithAShiftOrAPrimitiveWithNoFormRunsBlockByBlock() {
        Var x = Var.of("x", Shape.vector(1000));
        Tensor in = values(1000, 1, DType.FLOAT64);
        Expr shifted = Structure.pad(x.exp().slice(0, 1, 1000), 0, 0, 1000).times(x);
        Expr log1p = x.log1p().times(x).plus(Const.of(1));
        for (Expr e : List.of(shifted, log1p)) {
            Program p = Compile.compile(List.of(e));
            p.run(Bindings.of(x, in));
            Fused f = loops(p, in).single();
            assertFalse(compiled(f), f.label());
        }
    }

    @Test
    void loopsTheJitWouldCompileWorseRunBlockByBlock() {
        Var x = Var.of("x", Shape.vector(1000));
        Tensor in = values(1000, 1, DType.FLOAT64);
        Expr oneCall = x.exp().times(x);
        Expr twoCalls = x.exp().sin().times(x);
        Expr longArithmetic = x;
        for (int k = 0; k < 40; k++) {
            longArithmetic = k % 2 == 0 ? longArithmetic.times(x) : longArithmetic.abs().sqrt();
        }
        for (Expr e : List.of(oneCall, longArithmetic)) {
            Program p = Compile.compile(List.of(e));
            p.run(Bindings.of(x, in));
            Fused f = loops(p, in).single();
            assertTrue(compiled(f), f.label());
        }
        for (Expr e : List.of(twoCalls)) {
            Program p = Compile.compile(List.of(e));
            p.run(Bindings.of(x, in));
            Fused f = loops(p, in).single();
            assertFalse(compiled(f), f.label());
        }
    }
}
