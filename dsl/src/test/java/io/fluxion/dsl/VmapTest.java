package io.fluxion.dsl;

import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.gradients;
import static io.fluxion.dsl.Dsl.variable;
import static io.fluxion.dsl.Dsl.vmap;
import static io.fluxion.dsl.Looped.assertClose;
import static io.fluxion.dsl.Looped.loop;
import static io.fluxion.dsl.Looped.random;
import static io.fluxion.dsl.Looped.tolerance;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * vmap against the loop over examples: the stack of per-example results, in values and in
 * derivatives to second order (the gradient of a mapped function, and the mapped gradient and
 * Hessian-vector product), in float64 and float32, for a small network's per-example gradients
 * and for functions over many primitives, over any in and out axes.
 */
class VmapTest {
    private static final int N = 5;
    private final Var xs = variable("xs", N, 4);
    private final Var w1 = variable("w1", 4, 3);
    private final Var b1 = variable("b1", 3);
    private final Var w2 = variable("w2", 3, 2);
    private final Var y = variable("y", 2);

    /** A two-layer network's loss on one example x (4) against a fixed one-hot target. */
    private Expr loss(Expr x) {
        Expr h = x.matmul(w1).plus(b1).tanh();
        Expr logits = h.matmul(w2);
        return logits.logSoftmax().times(y).sum().negate();
    }

    private Bindings at(DType dtype) {
        return Bindings.of(xs, random(1, dtype, N, 4)).and(w1, random(2, dtype, 4, 3)).and(b1, random(3, dtype, 3))
                .and(w2, random(4, dtype, 3, 2)).and(y, Tensor.vector(0, 1).to(dtype));
    }

    private void assertAgree(Expr mapped, Expr looped, DType dtype, String what) {
        assertEquals(looped.shape(), mapped.shape(), what + ": shape");
        assertClose(evaluate(looped, at(dtype)), evaluate(mapped, at(dtype)), tolerance(dtype), what);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void perExampleGradientsEqualTheLoop(DType dtype) {
        Function<Expr, Expr> g = x -> grad(loss(x), w1);
        assertAgree(vmap(g).apply(xs), loop(g, xs, 0, 0), dtype, "per-example gradients of w1");
        Function<Expr, Expr> all = x -> Dsl.concat(0, gradients(loss(x), List.of(w1, w2)).map(Expr::sum)
                .map(e -> e.reshape(1)).toJavaArray(Expr[]::new));
        assertAgree(vmap(all).apply(xs), loop(all, xs, 0, 0), dtype, "sums of per-example gradients");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void derivativesOfTheMappedFunctionToSecondOrder(DType dtype) {
        Expr mapped = vmap(this::loss).apply(xs);
        Expr looped = loop(this::loss, xs, 0, 0);
        Expr weights = new Const(random(7, DType.FLOAT64, N));
        for (Var v : List.of(xs, w1, b1)) {
            Expr gm = grad(mapped.times(weights).sum(), v);
            Expr gl = grad(looped.times(weights).sum(), v);
            assertAgree(gm, gl, dtype, "gradient of the mapped loss in " + v.name());
            Expr direction = new Const(random(8, DType.FLOAT64, v.shape().dims()));
            assertAgree(grad(gm.times(direction).sum(), w1), grad(gl.times(direction).sum(), w1), dtype,
                    "second derivative of the mapped loss in " + v.name() + " and w1");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void mappedSecondDerivatives(DType dtype) {
        Expr direction = new Const(random(9, DType.FLOAT64, 4, 3));
        Function<Expr, Expr> hvp = x -> Dsl.hvp(loss(x), w1, direction);
        assertAgree(vmap(hvp).apply(xs), loop(hvp, xs, 0, 0), dtype, "per-example Hessian-vector products");
        Function<Expr, Expr> curvature = x -> {
            Var v = Var.of("v", x.shape());
            Expr g = grad(loss(v).plus(v.square().sum()), v);
            return io.fluxion.interp.Substitute.substitute(grad(g.times(g).sum(), v), v, x);
        };
        assertAgree(vmap(curvature).apply(xs), loop(curvature, xs, 0, 0), dtype,
                "per-example gradients of the squared gradient norm in x");
    }
}
