package io.fluxion.law;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Substitute;
import io.fluxion.interp.Vmap;
import io.fluxion.interp.internal.Graph;
import io.fluxion.op.Structure;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.quicktheories.core.Gen;

/**
 * 8. vmap equals the loop over examples: a function batched over three examples (the sample's
 * point, its other point and their midpoint, all in the domain) equals the stack of its values
 * at each, and so do the derivatives: the gradient of a projection of the batched function, the
 * batched per-example gradient (vmap of grad) and that one's gradient (second order). Checked
 * twice per sample: with every variable mapped, and with only the first mapped and the others
 * shared by all examples. A primitive without a batching rule fails with vmap's error naming it;
 * a wrong rule fails a comparison.
 */
public final class BatchingLaws {
    private BatchingLaws() {}

    /** The number of examples a function is batched over. */
    static final int EXAMPLES = 3;

    /** The suite over generated expressions of every shape, non-differentiable operations included, in float64. */
    public static Suite of(ExprGen functions) {
        ExprGen g = functions.withNonDifferentiable();
        return Suite.of("batching laws", vmapMatchesLoop(Sample.of(g.anyShape(), g.domain()), DType.FLOAT64,
                Tolerance.identities()));
    }

    /** vmap equals the loop, with the examples bound in {@code dtype}, up to {@code tolerance}. */
    public static Law<Sample> vmapMatchesLoop(Gen<Sample> samples, DType dtype, Tolerance tolerance) {
        String name = "vmap matches the loop over examples (" + dtype + "): values, gradients, per-example "
                + "gradients and theirs";
        return GradientLaws.atFinitePoints(name, samples, s -> {
            List<Var> used = s.variables().filter(v -> dependsOn(s.expr(), v));
            if (used.isEmpty()) {
                return Report.empty(name).withNotJudged("the function uses no variable");
            }
            return check(s, used, dtype, tolerance).named("every variable mapped")
                    .and(check(s, used.take(1), dtype, tolerance).named("only " + used.head().name() + " mapped"))
                    .named(name);
        }).withShow(Sample::withOtherPoint);
    }

    private static boolean dependsOn(Expr y, Var v) {
        return Graph.topologicalOrder(List.of(y)).stream().anyMatch(n -> n == v);
    }

    /** The batched function and its derivatives against the loop's, with {@code mapped} batched and the rest shared. */
    private static Report check(Sample s, List<Var> mapped, DType dtype, Tolerance tol) {
        List<Var> stacks = mapped.map(v -> Var.of(v.name() + "s", Shape.vector(EXAMPLES).concat(v.shape())));
        Bindings at = Bindings.empty();
        for (Var v : s.variables()) {
            int i = mapped.indexOf(v);
            Tensor p = s.point().get(v).get();
            if (i < 0) {
                at = at.and(v, p.to(dtype));
            } else {
                Tensor q = s.otherPoint().get(v).get();
                at = at.and(stacks.get(i), stack(List.of(p, q, Points.axpy(0.5, Points.axpy(-1, p, q), p))).to(dtype));
            }
        }
        List<Var> wrt = stacks.appendAll(s.variables().removeAll(mapped));
        Expr y = s.expr();
        Expr u = new Const(stack(List.of(s.cotangent(), Points.scale(-0.5, s.cotangent()), s.cotangent())));
        List<Expr> perExample = Derivatives.gradients(Points.pairing(List.of(y), List.of(s.cotangent())), s.variables());
        Report r = compare("value", vmap(y, mapped, stacks), loop(y, mapped, stacks), at, tol);
        r = r.and(compareGradients("gradient of <u, vmap f>", vmap(y, mapped, stacks).times(u).sum(),
                loop(y, mapped, stacks).times(u).sum(), wrt, at, tol));
        for (int i = 0; i < perExample.size(); i++) {
            Expr g = perExample.get(i);
            Expr batched = vmap(g, mapped, stacks);
            Expr looped = loop(g, mapped, stacks);
            String what = "per-example gradient in " + s.variables().get(i).name();
            r = r.and(compare(what, batched, looped, at, tol));
            r = r.and(compareGradients("gradient of the squared " + what, batched.square().sum(),
                    looped.square().sum(), wrt, at, tol));
        }
        return r;
    }

    private static Report compare(String what, Expr batched, Expr looped, Bindings at, Tolerance tol) {
        List<Expr> both = List.of(looped, batched);
        List<Tensor> v = Evaluate.evaluate(both, at);
        return Agreement.tensors(what, what, v.get(0), v.get(1), Agreement.intermediateScale(both, at), tol);
    }

    private static Report compareGradients(String what, Expr batched, Expr looped, List<Var> wrt, Bindings at,
            Tolerance tol) {
        List<Expr> gb = Derivatives.gradients(batched, wrt);
        List<Expr> gl = Derivatives.gradients(looped, wrt);
        double scale = Agreement.intermediateScale(gl.appendAll(gb), at);
        return Agreement.tensors(what, wrt.map(w -> what + " d/d" + w.name()), Evaluate.evaluate(gl, at),
                Evaluate.evaluate(gb, at), scale, tol);
    }

    private static Expr vmap(Expr y, List<Var> mapped, List<Var> stacks) {
        return Vmap.vmap(y, mapped, stacks, List.fill(mapped.size(), 0), 0);
    }

    /** y at each example, stacked: example e with every mapped variable replaced by slice e of its stack. */
    private static Expr loop(Expr y, List<Var> mapped, List<Var> stacks) {
        List<Expr> parts = List.range(0, EXAMPLES).map(e -> {
            Expr ye = y;
            for (int i = 0; i < mapped.size(); i++) {
                ye = Substitute.substitute(ye, mapped.get(i), stacks.get(i).slice(0, e, e + 1).squeeze(0));
            }
            return ye.reshape(ye.shape().expand(0));
        });
        return Structure.concat(0, parts);
    }

    private static Tensor stack(List<Tensor> ts) {
        return Evaluate.evaluate(Structure.concat(0, ts.map(t -> new Const(t).reshape(t.shape().expand(0)))),
                Bindings.empty());
    }
}
