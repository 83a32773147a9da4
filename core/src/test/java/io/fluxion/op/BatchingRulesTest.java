package io.fluxion.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Batch;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Primitive;
import io.fluxion.expr.Var;
import io.fluxion.interp.Approx;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Reverse;
import io.fluxion.interp.Substitute;
import io.fluxion.interp.Vmap;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.KernelCall;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Kernels;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every catalogued primitive has a batching rule, and it is right: for each sample application
 * (see {@link BatchingSamples}) and every choice of which arguments are mapped (a batch of three
 * examples) and which are shared, the mapped application equals the loop over examples, stacked,
 * in value and, for a differentiable primitive, in the gradients of a random projection of it
 * with respect to the stacks and the shared arguments. A primitive catalogued without a sample
 * fails here by name; one without a rule fails with vmap's error, which names it.
 */
class BatchingRulesTest {
    private static final int N = 3;

    @Test
    void everyCataloguedPrimitiveHasASampleThatAppliesIt() {
        List<BatchingSamples.Sample> samples = BatchingSamples.all();
        for (Catalogue.Entry e : Catalogue.all()) {
            assertTrue(samples.exists(s -> s.name().equals(e.name())), () -> "'" + e.name() + "' has no sample in"
                    + " BatchingSamples, so its batching rule is never checked: add one");
        }
        for (BatchingSamples.Sample s : samples) {
            Expr y = s.build().apply(s.args().zipWithIndex().map(a -> Var.of("a" + a._2, a._1.shape())));
            assertTrue(Graph.topologicalOrder(List.of(y)).stream().anyMatch(n -> n instanceof Apply a
                    && a.op().name().equals(s.name())), () -> s + " does not apply " + s.name());
        }
    }

    @Test
    void everyRuleEqualsTheLoopOverExamples() {
        Random r = new Random(16);
        int checked = 0;
        for (BatchingSamples.Sample s : BatchingSamples.all()) {
            int arity = s.args().size();
            for (int subset = 1; subset < 1 << arity; subset++) {
                check(s, subset, r);
                checked++;
            }
        }
        assertTrue(checked > 150, "checked " + checked);
    }

    /** The sample with the arguments in {@code subset} mapped, against the loop; and its gradients if it has any. */
    private static void check(BatchingSamples.Sample s, int subset, Random r) {
        List<Var> vars = List.empty();
        List<Var> stacks = List.empty();
        List<Var> shared = List.empty();
        Bindings at = Bindings.empty();
        for (int i = 0; i < s.args().size(); i++) {
            BatchingSamples.Arg arg = s.args().get(i);
            Var v = Var.of("a" + i, arg.shape());
            vars = vars.append(v);
            if ((subset & (1 << i)) != 0) {
                Var stack = Var.of("stack" + i, Shape.vector(N).concat(arg.shape()));
                List<Tensor> examples = List.fill(N, () -> arg.value(r));
                stacks = stacks.append(stack);
                at = at.and(stack, Evaluate.evaluate(Structure.concat(0, examples.map(t ->
                        new Const(t).reshape(Shape.vector(1).concat(t.shape())))), Bindings.empty()));
            } else {
                shared = shared.append(v);
                at = at.and(v, arg.value(r));
            }
        }
        Expr y = s.build().apply(List.narrow(vars));
        List<Var> mappedVars = vars.zipWithIndex().filter(v -> (subset & (1 << v._2)) != 0).map(v -> v._1);
        Expr mapped = Vmap.vmap(y, mappedVars, stacks, List.fill(stacks.size(), 0), 0);
        Expr looped = loop(y, mappedVars, stacks);
        String what = s + " with arguments " + Integer.toBinaryString(subset) + " mapped";
        assertEquals(looped.shape(), mapped.shape(), what);
        Approx.assertClose(Evaluate.evaluate(looped, at), Evaluate.evaluate(mapped, at), 1e-12, 1e-12, what);
        boolean differentiable = Catalogue.all().find(e -> e.name().equals(s.name())).get().differentiable();
        if (differentiable) {
            Expr u = new Const(BatchingSamples.real(mapped.shape().dims()).value(r));
            List<Var> wrt = stacks.appendAll(shared);
            List<Expr> gm = Reverse.gradients(mapped.times(u).sum(), wrt);
            List<Expr> gl = Reverse.gradients(looped.times(u).sum(), wrt);
            for (int i = 0; i < wrt.size(); i++) {
                Approx.assertClose(Evaluate.evaluate(gl.get(i), at), Evaluate.evaluate(gm.get(i), at), 1e-12, 1e-12,
                        what + ": gradient in " + wrt.get(i).name());
            }
        }
    }

    /** y for each example, stacked: example e with every mapped variable replaced by slice e of its stack. */
    static Expr loop(Expr y, List<Var> mapped, List<Var> stacks) {
        int n = stacks.head().shape().dim(0);
        List<Expr> parts = List.range(0, n).map(e -> {
            Expr ye = y;
            for (int i = 0; i < mapped.size(); i++) {
                ye = Substitute.substitute(ye, mapped.get(i), stacks.get(i).slice(0, e, e + 1).squeeze(0));
            }
            return ye.reshape(ye.shape().expand(0));
        });
        return Structure.concat(0, parts);
    }

    /** A user's primitive with no batching rule: the identity, not declared element-wise. */
    private record Opaque() implements Primitive {
        @Override public String name() { return "opaque"; }
        @Override public Notation notation() { return Notation.call("opaque"); }
        @Override public Shape shape(List<Shape> args) { return args.head(); }
        @Override public void compute(KernelCall call) { System.arraycopy(call.read(0), 0, call.write(), 0, call.write().length); }
        @Override public Expr jvp(Apply node, int arg, Expr t) { return t; }
        @Override public Expr vjp(Apply node, int arg, Expr ct) { return ct; }
    }

    @Test
    void aPrimitiveWithoutARuleIsNamed() {
        Var x = Var.of("x", Shape.vector(3));
        Var xs = Var.of("xs", Shape.of(2, 3));
        Expr y = Apply.of(new Opaque(), x.sin()).sum();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Vmap.vmap(y, List.of(x), List.of(xs), List.of(0), 0));
        assertTrue(e.getMessage().contains("'opaque' has no batching rule"), e.getMessage());
        // Not reached by the mapped variable, it needs no rule: shared by every example.
        Var w = Var.of("w", Shape.vector(3));
        Expr z = Apply.of(new Opaque(), w).times(x).sum();
        assertEquals(Shape.vector(2), Vmap.vmap(z, List.of(x), List.of(xs), List.of(0), 0).shape());
    }

    @Test
    void aRuleOfTheWrongShapeIsNamed() {
        Op wrong = Op.of("wrongBatch", Notation.call("wrongBatch"), s -> s.head(), (in, out) -> Kernels.copy(in[0], out),
                (node, arg, t) -> t, (node, arg, ct) -> ct).withBatchRule((node, b) -> b.arg(0).sum(0));
        Var x = Var.of("x", Shape.vector(3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Vmap.vmap(Apply.of(wrong, x),
                List.of(x), List.of(Var.of("xs", Shape.of(2, 3))), List.of(0), 0));
        assertEquals("the batching rule of wrongBatch gave shape (3), expected (2, 3)", e.getMessage());
    }

    @Test
    void aUserOpDeclaredElementwiseDerivesItsRule() {
        Op cube = Op.of("cube", Notation.call("cube"), s -> s.head(), (in, out) -> Kernels.map(in[0], v -> v * v * v, out),
                (node, arg, t) -> t, (node, arg, ct) -> ct).withBlockKernel(BlockKernels.map(v -> v * v * v));
        Var x = Var.of("x", Shape.vector(3));
        Var xs = Var.of("xs", Shape.of(2, 3));
        Apply node = Apply.of(cube, x);
        Option<Expr> rule = cube.batch(node, new Batch(2, List.of(xs), List.of(true)));
        assertTrue(rule.isDefined());
        Tensor v = Tensor.of(Shape.of(2, 3), 1, 2, 3, -1, 0.5, 2);
        Approx.assertClose(v.map(t -> t * t * t), Evaluate.evaluate(rule.get(), Bindings.of(xs, v)), "cube of the stack");
    }
}
