package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.internal.Graph;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.HashMap;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Set;
import io.vavr.control.Option;

/**
 * The derivatives of a {@link Scan}, each itself a scan (so differentiable again): the tangent
 * loop runs the body's JVP along the sequence beside the carries the primal loop kept, and the
 * cotangent loop runs the body's VJP backwards over them, accumulating the cotangents of the
 * captured values in carries of its own.
 *
 * <p>Per-step primal values come from the primal node's value (its kept carries), never from the
 * body's intermediates: reverse mode holds the steps times the carry. A loop built here keeps
 * only the carries a later derivative can need (not its accumulators); if one that it did not
 * keep is needed after all, the rule asks a twin loop that keeps every carry (same body, same
 * arguments, so the same values) for them.
 */
final class ScanRules {
    private ScanRules() {}

    /** The tangent of the scan node from its arguments' tangents, as one tangent scan. */
    static Option<Expr> jvp(Scan s, Apply node, List<Option<Expr>> tangents) {
        int a = s.carryCount();
        int b = s.xs().size();
        List<Option<Expr>> tInit = tangents.take(a);
        List<Option<Expr>> tXs = tangents.drop(a).take(b);
        List<Option<Expr>> tConsts = tangents.drop(a + b);
        if (tangents.forAll(Option::isEmpty)) {
            return Option.none();
        }
        List<Var> dc = s.carries().map(c -> Var.of("d" + c.name(), c.shape()));
        Map<Var, Expr> seeds = HashMap.ofEntries(s.carries().zip(dc).map(t -> io.vavr.Tuple.of(t._1, (Expr) t._2)));
        List<Var> dx = tangentVars(s.xs(), tXs);
        List<Var> dk = tangentVars(s.consts(), tConsts);
        seeds = seeds.merge(pairs(s.xs(), dx)).merge(pairs(s.consts(), dk));
        List<Expr> outs = Simplify.simplify(Forward.jvp(s.carryOuts().appendAll(s.yOuts()), seeds));
        Set<Var> read = varsOf(outs);
        Expr primal = primalFor(s, node, read);
        Scan source = (Scan) ((Apply) primal).op();

        Loop loop = new Loop();
        for (int i = 0; i < a; i++) {
            Var c = s.carries().get(i);
            loop.carry(dc.get(i), tInit.get(i).getOrElse(() -> zeros(c)));
        }
        for (int i = 0; i < a; i++) {
            int ii = i;
            loop.sequenceIfRead(read, s.carries().get(i), () -> source.carriesIn(primal, ii));
        }
        for (int j = 0; j < b; j++) {
            int jj = j;
            loop.sequenceIfRead(read, s.xs().get(j), () -> node.arg(a + jj));
            if (tXs.get(j).isDefined()) {
                loop.sequenceIfRead(read, dx.get(j), () -> tXs.get(jj).get());
            }
        }
        for (int q = 0; q < s.consts().size(); q++) {
            int qq = q;
            loop.constIfRead(read, s.consts().get(q), () -> node.arg(a + b + qq));
            if (tConsts.get(q).isDefined()) {
                loop.constIfRead(read, dk.get(q), () -> tConsts.get(qq).get());
            }
        }
        Scan tangent = new Scan(loop.carries, loop.seqVars, loop.constVars, outs.take(a), outs.drop(a), s.length(),
                s.reverse(), s.saved());
        return Option.of(Apply.of(tangent, loop.args()));
    }

    /** The cotangents of arguments {@code args} of the scan node, from one backward scan. */
    static List<Expr> vjp(Scan s, Apply node, int[] args, Expr cotangent) {
        int a = s.carryCount();
        int b = s.xs().size();
        int m = s.consts().size();
        List<Integer> wantX = List.ofAll(java.util.Arrays.stream(args).boxed()).filter(j -> j >= a && j < a + b)
                .map(j -> j - a);
        List<Integer> wantK = List.ofAll(java.util.Arrays.stream(args).boxed()).filter(j -> j >= a + b)
                .map(j -> j - a - b);
        List<Var> ct = s.carries().map(c -> Var.of("ct_" + c.name(), c.shape()));
        List<Var> gy = s.yOuts().zipWithIndex().map(t -> Var.of("ct_y" + t._2, t._1.shape()));
        Expr objective = null;
        for (int i = 0; i < a; i++) {
            objective = plus(objective, s.carryOuts().get(i).times(ct.get(i)).sum());
        }
        for (int j = 0; j < s.yOuts().size(); j++) {
            objective = plus(objective, s.yOuts().get(j).times(gy.get(j)).sum());
        }
        List<Var> wrt = s.carries().appendAll(wantX.map(s.xs()::get)).appendAll(wantK.map(s.consts()::get));
        List<Expr> grads = Reverse.vjpOrZeros(objective, wrt, Const.of(1));
        List<Var> gc = s.carries().zipWithIndex().map(t -> Var.of("ct_in_" + t._1.name(), t._1.shape()));
        List<Var> acc = wantK.map(q -> Var.of("acc_" + s.consts().get(q).name(), s.consts().get(q).shape()));
        List<Expr> carryOuts = List.empty();
        for (int i = 0; i < a; i++) {
            Expr g = grads.get(i);
            carryOuts = carryOuts.append(s.saved().get(i) ? g.plus(gc.get(i)) : g);
        }
        for (int k = 0; k < acc.size(); k++) {
            carryOuts = carryOuts.append(acc.get(k).plus(grads.get(a + wantX.size() + k)));
        }
        List<Expr> yOuts = grads.drop(a).take(wantX.size());
        List<Expr> outs = Simplify.simplify(carryOuts.appendAll(yOuts));
        Set<Var> read = varsOf(outs);
        Expr primal = primalFor(s, node, read);
        Scan source = (Scan) ((Apply) primal).op();

        Loop loop = new Loop();
        for (int i = 0; i < a; i++) {
            loop.carry(ct.get(i), s.finalCarry(cotangent, i));
        }
        for (Var v : acc) {
            loop.carry(v, zeros(v));
        }
        for (int i = 0; i < a; i++) {
            int ii = i;
            loop.sequenceIfRead(read, s.carries().get(i), () -> source.carriesIn(primal, ii));
            if (s.saved().get(i)) {
                loop.sequenceIfRead(read, gc.get(i), () -> s.carriesIn(cotangent, ii));
            }
        }
        for (int j = 0; j < b; j++) {
            int jj = j;
            loop.sequenceIfRead(read, s.xs().get(j), () -> node.arg(a + jj));
        }
        for (int j = 0; j < s.yOuts().size(); j++) {
            int jj = j;
            loop.sequenceIfRead(read, gy.get(j), () -> s.ys(cotangent, jj));
        }
        for (int q = 0; q < m; q++) {
            int qq = q;
            loop.constIfRead(read, s.consts().get(q), () -> node.arg(a + b + qq));
        }
        List<Boolean> keep = List.fill(a, () -> true).appendAll(List.fill(acc.size(), () -> false));
        Scan backward = new Scan(loop.carries, loop.seqVars, loop.constVars, outs.take(loop.carries.size()),
                outs.drop(loop.carries.size()), s.length(), !s.reverse(), keep);
        Apply back = Apply.of(backward, loop.args());
        Expr[] out = new Expr[args.length];
        for (int k = 0; k < args.length; k++) {
            int j = args[k];
            out[k] = j < a ? backward.finalCarry(back, j)
                    : j < a + b ? backward.ys(back, wantX.indexOf(j - a))
                    : backward.finalCarry(back, a + wantK.indexOf(j - a - b));
        }
        return List.of(out);
    }

    /**
     * The node whose value holds the carries read: the scan node itself if it keeps every one
     * read, else its twin that keeps them all.
     */
    private static Expr primalFor(Scan s, Apply node, Set<Var> read) {
        for (int i = 0; i < s.carryCount(); i++) {
            if (!s.saved().get(i) && read.contains(s.carries().get(i))) {
                return Apply.of(s.savingAll(), node.args());
            }
        }
        return node;
    }

    private static List<Var> tangentVars(List<Var> vars, List<Option<Expr>> tangents) {
        return vars.zipWith(tangents, (v, t) -> t.isDefined() ? Var.of("d" + v.name(), v.shape()) : v);
    }

    /** The pairs (variable, its tangent variable) where a tangent was made (tangentVars keeps v where none). */
    private static Map<Var, Expr> pairs(List<Var> vars, List<Var> tangents) {
        Map<Var, Expr> out = HashMap.empty();
        for (int k = 0; k < vars.size(); k++) {
            if (tangents.get(k) != vars.get(k)) {
                out = out.put(vars.get(k), tangents.get(k));
            }
        }
        return out;
    }

    private static Set<Var> varsOf(List<Expr> es) {
        Set<Var> out = HashSet.empty();
        for (Expr e : Graph.topologicalOrder(es)) {
            if (e instanceof Var v) {
                out = out.add(v);
            }
        }
        return out;
    }

    private static Expr plus(Expr sum, Expr term) {
        return sum == null ? term : sum.plus(term);
    }

    private static Expr zeros(Var v) {
        return new Const(Tensor.zeros(v.shape()));
    }

    /** A derived loop being assembled: its variables and the arguments they are bound to. */
    private static final class Loop {
        List<Var> carries = List.empty();
        List<Expr> inits = List.empty();
        List<Var> seqVars = List.empty();
        List<Expr> sequences = List.empty();
        List<Var> constVars = List.empty();
        List<Expr> constArgs = List.empty();

        void carry(Var v, Expr init) {
            carries = carries.append(v);
            inits = inits.append(init);
        }

        void sequenceIfRead(Set<Var> read, Var v, java.util.function.Supplier<Expr> arg) {
            if (read.contains(v)) {
                seqVars = seqVars.append(v);
                sequences = sequences.append(arg.get());
            }
        }

        void constIfRead(Set<Var> read, Var v, java.util.function.Supplier<Expr> arg) {
            if (read.contains(v)) {
                constVars = constVars.append(v);
                constArgs = constArgs.append(arg.get());
            }
        }

        List<Expr> args() {
            return inits.appendAll(sequences).appendAll(constArgs);
        }
    }
}
