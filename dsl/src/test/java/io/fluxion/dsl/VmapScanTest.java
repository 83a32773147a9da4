package io.fluxion.dsl;

import static io.fluxion.dsl.Dsl.evaluate;
import static io.fluxion.dsl.Dsl.grad;
import static io.fluxion.dsl.Dsl.scan;
import static io.fluxion.dsl.Dsl.variable;
import static io.fluxion.dsl.Dsl.vmap;
import static io.fluxion.dsl.Looped.assertClose;
import static io.fluxion.dsl.Looped.loop;
import static io.fluxion.dsl.Looped.random;
import static io.fluxion.dsl.Looped.tolerance;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * vmap of a function that runs a scan (a recurrent network over each example's sequence) against
 * the loop over examples, in value and in gradients, in float64 and float32; and the mapped
 * function is one loop over the whole batch, not one per example.
 */
class VmapScanTest {
    private static final int N = 4;
    private static final int T = 6;
    private final Var xs = variable("xs", N, T, 3);
    private final Var w = variable("w", 3, 3);
    private final Var h0 = variable("h0", 3);

    /** The final state and every state's sum of a tanh recurrence over one sequence x (T, 3), joined. */
    private Expr rnn(Expr x) {
        Tuple2<Expr, Expr> r = scan((h, xt) -> {
            Expr next = h.matmul(w).plus(xt).tanh();
            return Tuple.of(next, next.sum());
        }, h0, x);
        return Dsl.concat(0, r._1, r._2);
    }

    private Bindings at(DType dtype) {
        return Bindings.of(xs, random(11, dtype, N, T, 3)).and(w, random(12, dtype, 3, 3)).and(h0, random(13, dtype, 3));
    }

    private void assertAgree(Expr mapped, Expr looped, DType dtype, String what) {
        assertEquals(looped.shape(), mapped.shape(), what + ": shape");
        assertClose(evaluate(looped, at(dtype)), evaluate(mapped, at(dtype)), tolerance(dtype), what);
    }

    private static long scans(Expr e) {
        return Graph.topologicalOrder(List.of(e)).stream()
                .filter(n -> n instanceof Apply a && a.op().name().equals("scan")).count();
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void aMappedScanEqualsTheLoopInValueAndGradients(DType dtype) {
        Expr mapped = vmap(this::rnn).apply(xs);
        Expr looped = loop(this::rnn, xs, 0, 0);
        assertEquals(Shape.of(N, 3 + T), mapped.shape());
        assertEquals(1, scans(mapped), "one loop over the batch");
        assertAgree(mapped, looped, dtype, "states of every sequence");
        Expr weights = new Const(random(14, DType.FLOAT64, N, 3 + T));
        for (Var v : List.of(xs, w, h0)) {
            assertAgree(grad(mapped.times(weights).sum(), v), grad(looped.times(weights).sum(), v), dtype,
                    "gradient through the mapped scan in " + v.name());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void perExampleGradientsThroughAScanEqualTheLoop(DType dtype) {
        Function<Expr, Expr> g = x -> grad(rnn(x).square().sum(), w);
        assertAgree(vmap(g).apply(xs), loop(g, xs, 0, 0), dtype, "per-example gradients of w through the scan");
        Function<Expr, Expr> gx = x -> {
            Var v = Var.of("v", x.shape());
            return io.fluxion.interp.Substitute.substitute(grad(rnn(v).square().sum(), v), v, x);
        };
        assertAgree(vmap(gx).apply(xs), loop(gx, xs, 0, 0), dtype, "per-example gradients of each sequence");
    }
}
