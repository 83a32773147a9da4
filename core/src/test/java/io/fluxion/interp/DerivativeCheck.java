package io.fluxion.interp;

import static io.fluxion.interp.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks a function of expressions at a point: its value against an independent plain-Java
 * reference, its JVP and its gradient against central differences, and its second derivatives
 * (the gradient of the gradient, and forward over reverse) against central differences of the
 * first gradient.
 *
 * <pre>{@code DerivativeCheck.check("sin", a -> a.get(0).sin(), x -> map(x.get(0), Math::sin), List.of(x0), 7)}</pre>
 */
public final class DerivativeCheck {
    /** Tolerances for central differences with h = 1e-5 in double precision. */
    public static final double RTOL = 1e-6;
    public static final double ATOL = 1e-6;

    private DerivativeCheck() {}

    /** Builds y from expressions standing for the arguments. */
    @FunctionalInterface
    public interface Fn {
        Expr apply(List<Expr> args);
    }

    /** All four checks of f at the point {@code at}; random directions and weights come from {@code seed}. */
    public static void check(String name, Fn f, Function<List<Tensor>, Tensor> reference, List<Tensor> at, long seed) {
        Subject s = new Subject(name, f, at);
        Random r = new Random(seed);
        assertClose(reference.apply(at), s.value(at), name + " value");
        checkJvp(s, r);
        checkGradient(s, r);
        checkSecondOrder(s, r);
    }

    /** The derivative checks alone, for functions whose value is checked elsewhere. */
    public static void checkDerivatives(String name, Fn f, List<Tensor> at, long seed) {
        Subject s = new Subject(name, f, at);
        Random r = new Random(seed);
        checkJvp(s, r);
        checkGradient(s, r);
        checkSecondOrder(s, r);
    }

    /** Forward mode along random tangents of every argument at once, against (f(x + hv) - f(x - hv)) / 2h. */
    static void checkJvp(Subject s, Random r) {
        List<Tensor> v = s.at.map(t -> Points.normal(r, t.shape()));
        Map<Var, Expr> tangents = HashMap.ofEntries(s.vars.zipWith(v, (x, t) -> io.vavr.Tuple.of(x, new Const(t))));
        Expr jvp = Forward.jvp(s.y, tangents);
        assertEquals(s.y.shape(), jvp.shape(), s.name + " jvp shape");
        Tensor fd = FiniteDifferences.directional(s::value, s.at, v);
        assertClose(fd, Evaluate.evaluate(jvp, s.bind(s.at)), RTOL, ATOL, s.name + " jvp");
    }

    /** Reverse mode: the gradient of sum(w * f(x)) for random w, and the same through vjp with cotangent w. */
    static void checkGradient(Subject s, Random r) {
        Tensor w = Points.normal(r, s.y.shape());
        Expr phi = s.y.times(new Const(w)).sum();
        List<Expr> grads = Reverse.gradients(phi, s.vars);
        List<Expr> vjps = Reverse.vjp(s.y, s.vars, new Const(w))
                .zipWith(s.vars, (g, x) -> g.getOrElse(() -> new Const(Tensor.zeros(x.shape()))));
        for (int i = 0; i < s.vars.size(); i++) {
            assertEquals(s.vars.get(i).shape(), grads.get(i).shape(), s.name + " gradient shape of argument " + i);
            Tensor fd = FiniteDifferences.gradient(x -> Evaluate.evaluate(phi, s.bind(x)).item(), s.at, i);
            Tensor g = Evaluate.evaluate(grads.get(i), s.bind(s.at));
            assertClose(fd, g, RTOL, ATOL, s.name + " gradient of argument " + i);
            assertClose(g, Evaluate.evaluate(vjps.get(i), s.bind(s.at)), s.name + " vjp of argument " + i);
        }
    }

    /**
     * Second order: ψ = Σᵢ sum(w2ᵢ * ∂φ/∂xᵢ) with φ = sum(w * f(x)); the gradient of ψ (reverse over
     * reverse) and its JVP (forward over reverse) against central differences of ψ, which is
     * evaluated through the first gradient.
     */
    static void checkSecondOrder(Subject s, Random r) {
        Tensor w = Points.normal(r, s.y.shape());
        List<Expr> grads = Reverse.gradients(s.y.times(new Const(w)).sum(), s.vars);
        Expr psi = Const.of(0);
        for (Expr g : grads) {
            psi = psi.plus(g.times(new Const(Points.normal(r, g.shape()))).sum());
        }
        Expr psiF = psi;
        List<Expr> second = Reverse.gradients(psiF, s.vars);
        for (int i = 0; i < s.vars.size(); i++) {
            Tensor fd = FiniteDifferences.gradient(x -> Evaluate.evaluate(psiF, s.bind(x)).item(), s.at, i);
            assertClose(fd, Evaluate.evaluate(second.get(i), s.bind(s.at)), RTOL, ATOL,
                    s.name + " second derivative (gradient of gradient) in argument " + i);
        }
        List<Tensor> v = s.at.map(t -> Points.normal(r, t.shape()));
        Map<Var, Expr> tangents = HashMap.ofEntries(s.vars.zipWith(v, (x, t) -> io.vavr.Tuple.of(x, new Const(t))));
        Expr hvp = Forward.jvp(psiF, tangents);
        Tensor fd = FiniteDifferences.directional(x -> Evaluate.evaluate(psiF, s.bind(x)), s.at, v);
        assertClose(fd, Evaluate.evaluate(hvp, s.bind(s.at)), RTOL, ATOL, s.name + " forward over reverse");
    }

    /** The function under test applied to fresh variables, one per argument. */
    static final class Subject {
        final String name;
        final List<Var> vars;
        final Expr y;
        final List<Tensor> at;

        Subject(String name, Fn f, List<Tensor> at) {
            this.name = name;
            this.at = at;
            this.vars = at.zipWithIndex().map(p -> Var.of("x" + p._2, p._1.shape()));
            this.y = f.apply(vars.map(v -> (Expr) v));
        }

        Bindings bind(List<Tensor> xs) {
            Bindings b = Bindings.empty();
            for (int i = 0; i < xs.size(); i++) {
                b = b.and(vars.get(i), xs.get(i));
            }
            return b;
        }

        Tensor value(List<Tensor> xs) {
            return Evaluate.evaluate(y, bind(xs));
        }
    }
}
