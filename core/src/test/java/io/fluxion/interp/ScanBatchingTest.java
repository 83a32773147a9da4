package io.fluxion.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.op.Structure;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The form of a mapped scan (its values are checked against the loop over examples by
 * BatchingRulesTest): one loop over the batch whose carry is mapped only where the batch reaches
 * it, through its initial value or, step after step, through the body; and a scan mapped twice.
 */
class ScanBatchingTest {
    private static final int N = 4;
    private final Var h0 = Var.of("h0", Shape.vector(2));
    private final Var w = Var.of("w", Shape.vector(2));
    private final Var seq = Var.of("seq", Shape.matrix(5, 2));

    /** A carry that meets w but never xs; outputs that meet xs. */
    private Expr loop() {
        Tuple2<Expr, Expr> r = Scan.scan((h, x) -> Tuple.of(h.times(w).sin(), h.times(x)), h0, seq);
        return Structure.concat(0, List.of(r._1.reshape(1, 2), r._2));
    }

    private static List<Scan> scans(Expr e) {
        return List.ofAll(Graph.topologicalOrder(List.of(e))).filter(n -> n instanceof Apply a && a.op() instanceof Scan)
                .map(n -> (Scan) ((Apply) n).op());
    }

    private Shape carryShapeMappedOver(Var v) {
        Var stack = Var.of("stack", Shape.vector(N).concat(v.shape()));
        List<Scan> s = scans(Vmap.vmap(loop(), List.of(v), List.of(stack), List.of(0), 0));
        assertEquals(1, s.size(), "one loop over the batch");
        return s.head().carries().head().shape();
    }

    @Test
    void aCarryIsMappedOnlyWhereTheBatchReachesIt() {
        assertEquals(Shape.vector(2), carryShapeMappedOver(seq), "xs never meets the carry: it stays shared");
        assertEquals(Shape.matrix(N, 2), carryShapeMappedOver(w), "w meets the carry in the body");
        assertEquals(Shape.matrix(N, 2), carryShapeMappedOver(h0), "the initial carry is mapped");
    }

    @Test
    void aScanMappedTwiceEqualsTheDoubleLoop() {
        Var inner = Var.of("inner", Shape.of(3, 5, 2));
        Var outer = Var.of("outer", Shape.of(N, 3, 5, 2));
        Var ws = Var.of("ws", Shape.matrix(N, 2));
        Expr once = Vmap.vmap(loop(), List.of(seq), List.of(inner), List.of(0), 0);
        Expr twice = Vmap.vmap(once, List.of(inner, w), List.of(outer, ws), List.of(0, 0), 0);
        Expr looped = stacked(stacked(loop(), List.of(seq), List.of(inner)), List.of(inner, w), List.of(outer, ws));
        Random r = new Random(3);
        Bindings at = Bindings.of(outer, random(r, outer.shape())).and(ws, random(r, ws.shape()))
                .and(h0, random(r, h0.shape()));
        assertEquals(Shape.of(N, 3, 6, 2), twice.shape());
        Approx.assertClose(Evaluate.evaluate(looped, at), Evaluate.evaluate(twice, at), 1e-12, 1e-12, "vmap(vmap(scan))");
    }

    /** y for each example, stacked: each variable replaced by slice e of its stack. */
    private static Expr stacked(Expr y, List<Var> vars, List<Var> stacks) {
        return Structure.concat(0, List.range(0, stacks.head().shape().dim(0)).map(e -> {
            Expr ye = y;
            for (int i = 0; i < vars.size(); i++) {
                ye = Substitute.substitute(ye, vars.get(i), stacks.get(i).slice(0, e, e + 1).squeeze(0));
            }
            return ye.reshape(ye.shape().expand(0));
        }));
    }

    private static Tensor random(Random r, Shape s) {
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = 2 * r.nextDouble() - 1;
        }
        return Tensor.of(s, d);
    }
}
