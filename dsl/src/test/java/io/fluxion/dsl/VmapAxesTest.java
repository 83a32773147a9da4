package io.fluxion.dsl;

import static io.fluxion.dsl.Dsl.compile;
import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.variable;
import static io.fluxion.dsl.Dsl.vmap;
import static io.fluxion.dsl.Looped.assertClose;
import static io.fluxion.dsl.Looped.loop;
import static io.fluxion.dsl.Looped.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * vmap's axes and arguments as {@code jax.vmap}'s in_axes and out_axes: any in axis and out axis
 * (negative from the end), two mapped arguments, nesting, results that do not depend on the
 * mapped argument (broadcast, as JAX does), deep graphs, one program whose size does not grow
 * with the batch, and errors naming what is wrong.
 */
class VmapAxesTest {
    private final Var a = variable("a", 3, 4, 2);
    private final Var m = variable("m", 2, 5);
    private final Bindings at = Bindings.of(a, random(11, DType.FLOAT64, 3, 4, 2)).and(m, random(12, DType.FLOAT64, 2, 5));

    /** A function of a (4, 2) or (3, 2) or (3, 4) example touching products, reductions and softmax. */
    private Expr f(Expr x) {
        return x.matmul(m).tanh().softmax().times(x.sum(-1).expandDims(-1)).slice(0, 0, 2);
    }

    @Test
    void everyInAndOutAxisEqualsTheLoop() {
        for (int in = -3; in < 3; in++) {
            Shape example = a.shape().without(in < 0 ? in + 3 : in);
            if (example.dim(-1) != 2) {
                continue;
            }
            for (int out = -3; out < 3; out++) {
                Expr mapped = vmap(this::f, in, out).apply(a);
                Expr looped = loop(this::f, a, in, out);
                assertEquals(looped.shape(), mapped.shape(), "in " + in + ", out " + out);
                assertClose(evaluate(looped, at), evaluate(mapped, at), 1e-12, "in " + in + ", out " + out);
            }
        }
        Function<Expr, Expr> rows = x -> x.sum(0).sin();
        for (int in = 0; in < 3; in++) {
            assertClose(evaluate(loop(rows, a, in, 0), at), evaluate(vmap(rows, in).apply(a), at), 1e-12, "in " + in);
        }
    }

    @Test
    void twoMappedArgumentsEqualTheLoop() {
        Var b = variable("b", 3, 2);
        Bindings both = at.and(b, random(13, DType.FLOAT64, 3, 2));
        BiFunction<Expr, Expr, Expr> f = (x, y) -> x.matmul(y).plus(y.sum()).exp();
        assertClose(evaluate(Looped.loop(f, a, b), both), evaluate(vmap(f).apply(a, b), both), 1e-12, "two arguments");
        Expr mappedOverOthers = vmap(f, 1, 0, 1).apply(a.transpose(1, 0, 2), b);
        assertClose(evaluate(Looped.loop(f, a, b).transpose(1, 0), both), evaluate(mappedOverOthers, both), 1e-12,
                "in axes 1 and 0, out axis 1");
    }

    @Test
    void nestedVmapEqualsTheDoubleLoop() {
        Function<Expr, Expr> g = x -> x.matmul(m).relu().sum();
        Expr mapped = vmap(vmap(g)).apply(a);
        Expr looped = loop(x -> loop(g, x, 0, 0), a, 0, 0);
        assertEquals(Shape.matrix(3, 4), mapped.shape());
        assertClose(evaluate(looped, at), evaluate(mapped, at), 1e-12, "vmap of vmap");
        Function<Expr, Expr> perExampleGrad = x -> grad(g.apply(x), m);
        assertClose(evaluate(loop(x -> loop(perExampleGrad, x, 0, 0), a, 0, 0), at),
                evaluate(vmap(vmap(perExampleGrad)).apply(a), at), 1e-12, "vmap of vmap of grad");
    }

    @Test
    void aResultThatIgnoresTheArgumentIsBroadcast() {
        Expr mapped = vmap(x -> m.sum(0), 0, 1).apply(a);
        assertEquals(Shape.matrix(5, 3), mapped.shape());
        Tensor col = evaluate(m.sum(0), at);
        Tensor got = evaluate(mapped, at);
        for (int i = 0; i < 5; i++) {
            for (int e = 0; e < 3; e++) {
                assertEquals(col.get(i), got.get(i, e));
            }
        }
    }

    @Test
    void theProgramDoesNotGrowWithTheBatch() {
        Function<Expr, Expr> g = x -> grad(x.matmul(m).tanh().sum(), m);
        int small = compile(vmap(g).apply(variable("x4", 4, 2))).size();
        int large = compile(vmap(g).apply(variable("x400", 400, 2))).size();
        assertEquals(small, large, "instructions for a batch of 4 and of 400");
        int looped = compile(loop(g, variable("y4", 4, 2), 0, 0)).size();
        assertTrue(looped > small, "the loop of 4 has " + looped + " instructions, vmap " + small);
    }

    /** A chain 100,000 nodes deep, far beyond what a recursive walk survives. */
    @Test
    void aDeepChainIsBatchedWithoutRecursion() {
        Function<Expr, Expr> chain = x -> {
            Expr y = x;
            for (int i = 0; i < 50_000; i++) {
                y = y.times(0.5).plus(1);
            }
            return y;
        };
        Var xs = variable("xs", 3, 2);
        Tensor v = evaluate(vmap(chain).apply(xs), Bindings.of(xs, Tensor.of(Shape.of(3, 2), 0, 1, 2, 3, 4, 5)));
        for (double d : v.toArray()) {
            assertEquals(2.0, d, 1e-12);
        }
    }

    @Test
    void badAxesAndBatchesAreNamed() {
        ShapeException in = assertThrows(ShapeException.class, () -> vmap(this::f, 3).apply(a));
        assertEquals("vmap: in axis 3 is out of range for argument 0 of shape (3, 4, 2)", in.getMessage());
        ShapeException negative = assertThrows(ShapeException.class, () -> vmap(this::f, -4).apply(a));
        assertEquals("vmap: in axis -4 is out of range for argument 0 of shape (3, 4, 2)", negative.getMessage());
        ShapeException scalar = assertThrows(ShapeException.class, () -> vmap(Expr::sin).apply(variable("s")));
        assertEquals("vmap: in axis 0 is out of range for argument 0 of shape ()", scalar.getMessage());
        ShapeException out = assertThrows(ShapeException.class, () -> vmap(this::f, 0, 3).apply(a));
        assertEquals("vmap: out axis 3 is out of range for results of shape (2, 5) (a batch axis goes at 0..2)",
                out.getMessage());
        BiFunction<Expr, Expr, Expr> add = Expr::plus;
        ShapeException sizes = assertThrows(ShapeException.class,
                () -> vmap(add).apply(variable("p", 3, 2), variable("q", 4, 2)));
        assertEquals("vmap: the mapped arguments have different batch sizes: (3, 2) over axis 0, (4, 2) over axis 0",
                sizes.getMessage());
        ShapeException inside = assertThrows(ShapeException.class, () -> vmap(x -> x.matmul(m)).apply(variable("r", 3, 4)));
        assertTrue(inside.getMessage().startsWith("matmul: inner dimensions differ (4 vs 2)"), inside.getMessage());
    }
}
