package io.fluxion.interp;

import static io.fluxion.interp.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A scan equals the expression it stands for unrolled step by step: values, gradients, JVPs and
 * second derivatives (reverse over reverse, forward over reverse), evaluated, taped and compiled.
 */
class ScanTest {
    private static final double TIGHT = 1e-12;

    private final Var h0 = Var.of("h0", Shape.vector(3));
    private final Var seq = Var.of("seq", Shape.matrix(5, 2));
    private final Var w = Var.of("w", Shape.matrix(3, 3));
    private final Var u = Var.of("u", Shape.matrix(2, 3));

    /** An RNN cell: the next state and, as output, its sum of squares. */
    private BiFunction<Expr, Expr, Tuple2<Expr, Expr>> cell() {
        return (h, x) -> {
            Expr next = h.matmul(w).plus(x.matmul(u)).tanh();
            return Tuple.of(next, next.square().sum());
        };
    }

    /** The same loop unrolled: one copy of the body per step. */
    private Tuple2<Expr, Expr> unrolled(BiFunction<Expr, Expr, Tuple2<Expr, Expr>> body, Expr init, Expr xs,
            boolean reverse) {
        int n = xs.shape().dim(0);
        Expr c = init;
        Expr[] ys = new Expr[n];
        for (int k = 0; k < n; k++) {
            int p = reverse ? n - 1 - k : k;
            Tuple2<Expr, Expr> r = body.apply(c, xs.slice(0, p, p + 1).squeeze(0));
            c = r._1;
            ys[p] = r._2.expandDims(0);
        }
        return Tuple.of(c, io.fluxion.op.Structure.concat(0, List.of(ys)));
    }

    private Bindings point(long seed) {
        Random r = new Random(seed);
        return Bindings.empty().and(h0, Points.normal(r, h0.shape())).and(seq, Points.normal(r, seq.shape()))
                .and(w, Points.normal(r, w.shape()).times(0.5)).and(u, Points.normal(r, u.shape()).times(0.5));
    }

    /** A scalar of both results, weighting each element differently. */
    private static Expr loss(Tuple2<Expr, Expr> r) {
        Expr a = r._1.times(new Const(Tensor.vector(0.3, -1.1, 0.7))).sum();
        Expr b = r._2.times(new Const(Tensor.vector(1, -2, 3, -4, 5))).sum();
        return a.plus(b);
    }

    @Test
    void valuesEqualTheUnrolledLoop() {
        for (boolean reverse : new boolean[] {false, true}) {
            Tuple2<Expr, Expr> s = Scan.scan(cell(), h0, seq, reverse);
            Tuple2<Expr, Expr> u = unrolled(cell(), h0, seq, reverse);
            Bindings b = point(1);
            assertClose(Evaluate.evaluate(u._1, b), Evaluate.evaluate(s._1, b), TIGHT, TIGHT, "final carry");
            assertClose(Evaluate.evaluate(u._2, b), Evaluate.evaluate(s._2, b), TIGHT, TIGHT, "stacked outputs");
            List<Tensor> compiled = Compile.compile(List.of(s._1, s._2)).run(b);
            assertClose(Evaluate.evaluate(u._1, b), compiled.get(0), TIGHT, TIGHT, "compiled final carry");
            assertClose(Evaluate.evaluate(u._2, b), compiled.get(1), TIGHT, TIGHT, "compiled outputs");
            assertEquals(Shape.matrix(5, 1).without(1), s._2.shape());
        }
    }

    @Test
    void gradientsEqualTheUnrolledLoops() {
        List<Var> vars = List.of(h0, seq, w, u);
        for (boolean reverse : new boolean[] {false, true}) {
            Expr ls = loss(Scan.scan(cell(), h0, seq, reverse));
            Expr lu = loss(unrolled(cell(), h0, seq, reverse));
            Bindings b = point(2);
            List<Tensor> gs = Evaluate.evaluate(Reverse.gradients(ls, vars), b);
            List<Tensor> gu = Evaluate.evaluate(Reverse.gradients(lu, vars), b);
            for (int i = 0; i < vars.size(); i++) {
                assertClose(gu.get(i), gs.get(i), TIGHT, TIGHT, "gradient of " + vars.get(i));
            }
            Tape tape = Tape.record(ls, b);
            List<Tensor> gt = tape.gradients(vars);
            List<Tensor> gc = Compile.compile(Reverse.gradients(ls, vars)).run(b);
            for (int i = 0; i < vars.size(); i++) {
                assertClose(gu.get(i), gt.get(i), TIGHT, TIGHT, "taped gradient of " + vars.get(i));
                assertClose(gu.get(i), gc.get(i), TIGHT, TIGHT, "compiled gradient of " + vars.get(i));
            }
        }
    }

    @Test
    void tangentsEqualTheUnrolledLoops() {
        Random r = new Random(3);
        HashMap<Var, Expr> t = HashMap.of(h0, (Expr) new Const(Points.normal(r, h0.shape())),
                seq, new Const(Points.normal(r, seq.shape())), w, new Const(Points.normal(r, w.shape())),
                u, new Const(Points.normal(r, u.shape())));
        Bindings b = point(3);
        Expr js = Forward.jvp(loss(Scan.scan(cell(), h0, seq)), t);
        Expr ju = Forward.jvp(loss(unrolled(cell(), h0, seq, false)), t);
        assertClose(Evaluate.evaluate(ju, b), Evaluate.evaluate(js, b), TIGHT, TIGHT, "jvp");
    }

    @Test
    void secondDerivativesEqualTheUnrolledLoops() {
        List<Var> vars = List.of(h0, seq, w, u);
        Bindings b = point(4);
        Random r = new Random(4);
        Expr ls = loss(Scan.scan(cell(), h0, seq));
        Expr lu = loss(unrolled(cell(), h0, seq, false));
        List<Tensor> dirs = vars.map(v -> Points.normal(r, v.shape()));
        Expr ps = Const.of(0);
        Expr pu = Const.of(0);
        List<Expr> gs = Reverse.gradients(ls, vars);
        List<Expr> gu = Reverse.gradients(lu, vars);
        for (int i = 0; i < vars.size(); i++) {
            ps = ps.plus(gs.get(i).times(new Const(dirs.get(i))).sum());
            pu = pu.plus(gu.get(i).times(new Const(dirs.get(i))).sum());
        }
        List<Tensor> hs = Evaluate.evaluate(Reverse.gradients(ps, vars), b);
        List<Tensor> hu = Evaluate.evaluate(Reverse.gradients(pu, vars), b);
        for (int i = 0; i < vars.size(); i++) {
            assertClose(hu.get(i), hs.get(i), TIGHT, TIGHT, "Hessian-vector product (reverse over reverse) in " + vars.get(i));
        }
        HashMap<Var, Expr> t = HashMap.ofEntries(vars.zip(dirs).map(p -> Tuple.of(p._1, (Expr) new Const(p._2))));
        assertClose(Evaluate.evaluate(Forward.jvp(pu, t), b), Evaluate.evaluate(Forward.jvp(ps, t), b), TIGHT, TIGHT,
                "forward over reverse");
        List<Tensor> hc = Compile.compile(Reverse.gradients(ps, vars)).run(b);
        for (int i = 0; i < vars.size(); i++) {
            assertClose(hu.get(i), hc.get(i), TIGHT, TIGHT, "compiled second derivative in " + vars.get(i));
        }
    }

    @Test
    void derivativesAgreeWithFiniteDifferencesToSecondOrder() {
        Random r = new Random(5);
        DerivativeCheck.checkDerivatives("scan", args -> {
            Expr wa = args.get(2);
            return Scan.scan((h, x) -> {
                Expr next = h.matmul(wa).plus(x).sin();
                return Tuple.of(next, next.times(h).sum());
            }, args.get(0), args.get(1))._2;
        }, List.of(Points.normal(r, Shape.vector(2)), Points.normal(r, Shape.matrix(4, 2)),
                Points.normal(r, Shape.matrix(2, 2)).times(0.5)), 5);
    }
}
