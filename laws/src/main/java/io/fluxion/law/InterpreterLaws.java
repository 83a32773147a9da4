package io.fluxion.law;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Evaluate;
import io.fluxion.interp.Program;
import io.fluxion.interp.Simplify;
import io.fluxion.interp.Tape;
import io.fluxion.interp.internal.Linearise;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import org.quicktheories.core.Gen;

/**
 * 7. Every interpreter agrees on values: the direct interpreter ({@code Evaluate}), the tape
 * ({@code Tape.record}), the linearised program, the compiled program (simplified and fused),
 * run at the sample's point, at its other point and back, so that reused buffers are exercised,
 * and simplification followed by evaluation. The same holds for the gradient of ⟨u, f⟩, computed by
 * each of them, and for the value and the gradient compiled into one program, as a training step
 * compiles them (where compile shares work between them). Agreement is up to rounding at the scale of the largest intermediate value; both
 * points are in the domain.
 */
public final class InterpreterLaws {
    private InterpreterLaws() {}

    /** The suite over generated expressions of every shape, including non-differentiable operations. */
    public static Suite of(ExprGen functions) {
        ExprGen g = functions.withNonDifferentiable();
        return Suite.of("interpreter laws", agree(Sample.of(g.anyShape(), g.domain()), Tolerance.identities()));
    }

    /** Values and gradients agree across interpreters. */
    public static Law<Sample> agree(Gen<Sample> samples, Tolerance tolerance) {
        String name = "interpreters agree: evaluate, tape, program, compiled, simplified";
        return GradientLaws.atFinitePoints(name, samples, s -> {
            Bindings at = s.point();
            Bindings elsewhere = s.otherPoint();
            Report values = agreeOn("value", List.of(s.expr()), at, elsewhere, tolerance);
            List<Var> xs = s.variables();
            Expr scalar = Points.pairing(List.of(s.expr()), List.of(s.cotangent()));
            List<Expr> grads = Derivatives.gradients(scalar, xs);
            Report gradients = agreeOn("gradient", grads, at, elsewhere, tolerance);
            List<Tensor> taped = Tape.record(scalar, at).gradients(xs);
            List<Tensor> direct = Evaluate.evaluate(grads, at);
            double scale = Agreement.intermediateScale(grads, at);
            List<String> names = xs.map(x -> "d/d" + x.name());
            // The value with its gradients in one program, as a training step compiles them: where
            // compile shares work between the two (one softmax for a cross-entropy and its VJP).
            List<Expr> step = grads.prepend(s.expr());
            List<Tensor> stepDirect = Evaluate.evaluate(step, at);
            Report together = Agreement.tensors("value and gradients compiled together vs evaluate",
                    names.prepend("value"), stepDirect, Compile.compile(step).run(at),
                    Agreement.intermediateScale(step, at), tolerance);
            return values.and(gradients)
                    .and(Agreement.tensors("tape gradients vs evaluate", names, direct, taped, scale, tolerance))
                    .and(together)
                    .named(name);
        }).withShow(Sample::withOtherPoint);
    }

    private static Report agreeOn(String what, List<Expr> es, Bindings at, Bindings elsewhere, Tolerance tol) {
        List<String> names = List.range(0, es.size()).map(i -> es.size() == 1 ? what : what + " " + i);
        List<Tensor> direct = Evaluate.evaluate(es, at);
        double scale = Agreement.intermediateScale(es, at);
        Report r = Report.empty(what);
        if (es.size() == 1) {
            r = r.and(Agreement.tensors("tape vs evaluate", names.head(), direct.head(),
                    Tape.record(es.head(), at).value(), scale, tol));
        }
        Program linear = Linearise.linearise(es);
        Program compiled = Compile.compile(es);
        r = r.and(Agreement.tensors("linearised program vs evaluate", names, direct, linear.run(at), scale, tol))
                .and(Agreement.tensors("compiled program vs evaluate", names, direct, compiled.run(at), scale, tol))
                .and(Agreement.tensors("simplified vs evaluate", names, direct,
                        Evaluate.evaluate(Simplify.simplify(es), at), scale, tol));
        List<Tensor> there = Evaluate.evaluate(es, elsewhere);
        double thereScale = Agreement.intermediateScale(es, elsewhere);
        return r.and(Agreement.tensors("compiled program, second run at the other point, vs evaluate", names, there,
                        compiled.run(elsewhere), thereScale, tol))
                .and(Agreement.tensors("compiled program, third run back at the point, vs evaluate", names, direct,
                        compiled.run(at), scale, tol));
    }
}
