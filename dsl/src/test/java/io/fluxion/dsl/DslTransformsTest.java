package io.fluxion.dsl;

import static io.fluxion.dsl.Dsl.constant;
import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.hessian;
import static io.fluxion.dsl.Dsl.hvp;
import static io.fluxion.dsl.Dsl.jacobian;
import static io.fluxion.dsl.Dsl.jvp;
import static io.fluxion.dsl.Dsl.valueAndGrad;
import static io.fluxion.dsl.Dsl.variable;
import static io.fluxion.dsl.Dsl.vjp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Dsl's transforms on f(x) = Σ sin(x_i) x_{i+1} (cyclic) at random points, against its
 * derivatives worked out by hand: ∂f/∂x_i = cos(x_i) x_{i+1} + sin(x_{i-1}).
 */
class DslTransformsTest {
    private static final int N = 4;
    private static final double TOL = 1e-12;
    private final Var x = variable("x", N);

    /** f(x) = Σ_i sin(x_i) x_{(i+1) mod N}, built from a rotation by slicing and concatenation. */
    private Expr f(Expr v) {
        Expr next = Dsl.concat(0, v.slice(0, 1, N), v.slice(0, 0, 1));
        return v.sin().times(next).sum();
    }

    private static double[] point(long seed) {
        Random r = new Random(seed);
        double[] p = new double[N];
        for (int i = 0; i < N; i++) {
            p[i] = 4 * r.nextDouble() - 2;
        }
        return p;
    }

    private static double[] gradient(double[] p) {
        double[] g = new double[N];
        for (int i = 0; i < N; i++) {
            g[i] = Math.cos(p[i]) * p[(i + 1) % N] + Math.sin(p[(i + N - 1) % N]);
        }
        return g;
    }

    private static double[][] hessianOf(double[] p) {
        double[][] h = new double[N][N];
        for (int i = 0; i < N; i++) {
            h[i][i] += -Math.sin(p[i]) * p[(i + 1) % N];
            h[i][(i + 1) % N] += Math.cos(p[i]);
            h[i][(i + N - 1) % N] += Math.cos(p[(i + N - 1) % N]);
        }
        return h;
    }

    private Tensor at(Expr e, double[] p) {
        return evaluate(e, Bindings.of(x, Tensor.vector(p)));
    }

    @Test
    void gradAndValueAndGrad() {
        for (long seed = 1; seed <= 3; seed++) {
            double[] p = point(seed);
            assertArrayEquals(gradient(p), at(grad(f(x), x), p).toArray(), TOL);
            var vg = valueAndGrad(f(x), List.of(x));
            assertArrayEquals(gradient(p), at(vg._2.head(), p).toArray(), TOL);
        }
    }

    @Test
    void gradOfAFunctionIsAFunction() {
        double[] p = point(4);
        Expr g = grad(this::f).apply(x);
        assertArrayEquals(gradient(p), at(g, p).toArray(), TOL);
        // composed with another expression: the gradient at 2x
        double[] twice = new double[N];
        for (int i = 0; i < N; i++) {
            twice[i] = 2 * p[i];
        }
        assertArrayEquals(gradient(twice), at(grad(this::f).apply(x.times(2)), p).toArray(), TOL);
    }

    @Test
    void jvpIsTheGradientAlongADirection() {
        double[] p = point(5);
        double[] v = point(6);
        double[] g = gradient(p);
        double expected = 0;
        for (int i = 0; i < N; i++) {
            expected += g[i] * v[i];
        }
        assertEquals(expected, at(jvp(f(x), x, constant(Tensor.vector(v))), p).item(), TOL);
    }

    @Test
    void vjpOfAVectorFunction() {
        double[] p = point(7);
        double[] u = point(8);
        // y = sin(x) * 3: ūᵀ J = 3 ū ∘ cos(x)
        Expr y = x.sin().times(3);
        double[] expected = new double[N];
        for (int i = 0; i < N; i++) {
            expected[i] = 3 * u[i] * Math.cos(p[i]);
        }
        assertArrayEquals(expected, at(vjp(y, List.of(x), constant(Tensor.vector(u))).head(), p).toArray(), TOL);
    }

    @Test
    void jacobianOfAVectorFunction() {
        double[] p = point(9);
        // y_i = x_i² x_{i+1}: J[i][i] = 2 x_i x_{i+1}, J[i][i+1] = x_i²
        Expr next = Dsl.concat(0, x.slice(0, 1, N), x.slice(0, 0, 1));
        Tensor j = at(jacobian(x.square().times(next), x), p);
        assertEquals(io.fluxion.tensor.Shape.matrix(N, N), j.shape());
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < N; k++) {
                double e = (k == i ? 2 * p[i] * p[(i + 1) % N] : 0) + (k == (i + 1) % N ? p[i] * p[i] : 0);
                assertEquals(e, j.get(i, k), TOL, "J[" + i + "][" + k + "]");
            }
        }
    }

    @Test
    void hessianAndHessianVectorProduct() {
        double[] p = point(10);
        double[] v = point(11);
        double[][] h = hessianOf(p);
        Tensor hx = at(hessian(f(x), x), p);
        for (int i = 0; i < N; i++) {
            assertArrayEquals(h[i], new double[] {hx.get(i, 0), hx.get(i, 1), hx.get(i, 2), hx.get(i, 3)}, TOL);
        }
        double[] hv = new double[N];
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < N; k++) {
                hv[i] += h[i][k] * v[k];
            }
        }
        assertArrayEquals(hv, at(hvp(f(x), x, constant(Tensor.vector(v))), p).toArray(), TOL);
    }
}
