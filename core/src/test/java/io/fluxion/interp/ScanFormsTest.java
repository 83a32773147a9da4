package io.fluxion.interp;

import static io.fluxion.interp.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Serialized;
import io.fluxion.expr.Var;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A scan in float32, shipped by serialization, nested in another scan's body, printed. */
class ScanFormsTest {
    private final Var h0 = Var.of("h0", Shape.vector(3));
    private final Var seq = Var.of("seq", Shape.matrix(6, 3));
    private final Var w = Var.of("w", Shape.matrix(3, 3));

    private Tuple2<Expr, Expr> rnn(Expr init, Expr xs) {
        return Scan.scan((h, x) -> {
            Expr next = h.matmul(w).plus(x).tanh();
            return Tuple.of(next, next.sum());
        }, init, xs);
    }

    private Tuple2<Expr, Expr> unrolledRnn(Expr init, Expr xs) {
        Expr h = init;
        Expr[] ys = new Expr[xs.shape().dim(0)];
        for (int k = 0; k < ys.length; k++) {
            h = h.matmul(w).plus(xs.slice(0, k, k + 1).squeeze(0)).tanh();
            ys[k] = h.sum().expandDims(0);
        }
        return Tuple.of(h, io.fluxion.op.Structure.concat(0, List.of(ys)));
    }

    private Bindings point(DType d) {
        Random r = new Random(7);
        return Bindings.empty().and(h0, Points.normal(r, h0.shape()).to(d)).and(seq, Points.normal(r, seq.shape()).to(d))
                .and(w, Points.normal(r, w.shape()).times(0.5).to(d));
    }

    @Test
    void float32LoopsComputeInFloat32AsTheUnrolledLoopDoes() {
        Tuple2<Expr, Expr> s = rnn(h0, seq);
        Tuple2<Expr, Expr> u = unrolledRnn(h0, seq);
        Bindings b = point(DType.FLOAT32);
        Expr ls = s._1.sum().plus(s._2.sum());
        Expr lu = u._1.sum().plus(u._2.sum());
        Tensor vs = Evaluate.evaluate(s._2, b);
        assertEquals(DType.FLOAT32, vs.dtype());
        assertClose(Evaluate.evaluate(u._2, b), vs, 1e-5, 1e-6, "float32 outputs");
        List<Var> vars = List.of(h0, seq, w);
        List<Tensor> gs = Compile.compile(Reverse.gradients(ls, vars)).run(b);
        List<Tensor> gu = Evaluate.evaluate(Reverse.gradients(lu, vars), b);
        for (int i = 0; i < vars.size(); i++) {
            assertEquals(DType.FLOAT32, gs.get(i).dtype(), "compiled float32 gradient of " + vars.get(i));
            assertClose(gu.get(i), gs.get(i), 1e-4, 1e-5, "float32 gradient of " + vars.get(i));
        }
        List<Tensor> tg = Tape.record(ls, b).gradients(vars);
        assertClose(gu.get(2), tg.get(2), 1e-4, 1e-5, "taped float32 gradient");
    }

    @Test
    void aLoopAndItsGradientTravelAndComputeTheSame() {
        Tuple2<Expr, Expr> s = rnn(h0, seq);
        Expr loss = s._1.sum().plus(s._2.sum());
        Expr g = Reverse.gradients(loss, List.of(w)).head();
        Bindings b = point(DType.FLOAT64);
        Expr back = Serialized.roundTrip(g);
        // The variables arrive equal (by name, shape and identity), so the same bindings apply.
        assertClose(Evaluate.evaluate(g, b), Evaluate.evaluate(back, b), 0, 0, "gradient after a round trip");
        Expr lossBack = Serialized.roundTrip(loss);
        assertClose(Evaluate.evaluate(loss, b), Evaluate.evaluate(lossBack, b), 0, 0, "value after a round trip");
    }

    @Test
    void aScanInsideAScanBodyEqualsBothUnrolled() {
        Var outer = Var.of("outer", Shape.of(3, 4, 2));
        Var c0 = Var.of("c0", Shape.vector(2));
        Var v = Var.of("v", Shape.matrix(2, 2));
        Tuple2<Expr, Expr> nested = Scan.scan((c, block) -> {
            Expr inner = Scan.scan((d, x) -> Tuple.of(d.matmul(v).plus(x).sin(), d.sum()), c, block)._1;
            return Tuple.of(inner, inner.square().sum());
        }, c0, outer);
        Expr c = c0;
        Expr ys = null;
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 4; k++) {
                c = c.matmul(v).plus(outer.slice(0, i, i + 1).slice(1, k, k + 1).reshape(2)).sin();
            }
            Expr y = c.square().sum().expandDims(0);
            ys = ys == null ? y : io.fluxion.op.Structure.concat(0, List.of(ys, y));
        }
        Random r = new Random(8);
        Bindings b = Bindings.empty().and(outer, Points.normal(r, outer.shape())).and(c0, Points.normal(r, c0.shape()))
                .and(v, Points.normal(r, v.shape()).times(0.5));
        Expr ln = nested._1.sum().plus(nested._2.sum());
        Expr lu = c.sum().plus(ys.sum());
        assertClose(Evaluate.evaluate(lu, b), Evaluate.evaluate(ln, b), 1e-12, 1e-12, "nested value");
        List<Var> vars = List.of(outer, c0, v);
        List<Tensor> gn = Compile.compile(Reverse.gradients(ln, vars)).run(b);
        List<Tensor> gu = Evaluate.evaluate(Reverse.gradients(lu, vars), b);
        for (int i = 0; i < vars.size(); i++) {
            assertClose(gu.get(i), gn.get(i), 1e-12, 1e-12, "nested gradient of " + vars.get(i));
        }
    }

    @Test
    void aLoopPrintsAsOneCallAndCompilesToOneInstruction() {
        Tuple2<Expr, Expr> s = rnn(h0, seq);
        String shown = Show.show(s._1);
        assertTrue(shown.contains("scan(h0, seq, w, length=6)"), shown);
        Program p = Compile.compile(List.of(s._1, s._2));
        assertEquals(1, p.primitives().count(op -> op instanceof Scan), p::listing);
    }
}
