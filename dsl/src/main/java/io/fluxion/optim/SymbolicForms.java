package io.fluxion.optim;

import static io.fluxion.optim.SymbolicUpdate.scalar;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * The {@link Transformations} written as expressions ({@link SymbolicUpdate}), each evaluating
 * the same operations in the same order as its tensor form, so that a compiled step gives the
 * same bits. Every number is a scalar input bound per step, never a constant: simplification
 * folds and reorders constants ({@code c1 * (c2 * x)} becomes {@code (c1 c2) x}), which would
 * round differently. The numbers are the updates' {@link SymbolicUpdate#numbers}: in a float32
 * step they are bound rounded to float32, as the tensor form's {@code Tensor.times(double)}
 * rounds them, so both forms give the same bits in float32 too.
 */
final class SymbolicForms {
    private SymbolicForms() {}

    /** {@code u * factor}. */
    static Option<SymbolicUpdate<EmptyState>> scale(String name, double factor, List<Expr> updates) {
        Var k = scalar(name);
        return Option.some(new SymbolicUpdate<>(updates.map(u -> u.times(k)), List.of(k), List.empty(),
                s -> List.of(Tensor.scalar(factor)), (s, values) -> s, HashSet.of(k)));
    }

    /** {@code u + p * weightDecay}. */
    static Option<SymbolicUpdate<EmptyState>> decayedWeights(double weightDecay, List<Var> params, List<Expr> updates) {
        Var k = scalar("weightDecay");
        return Option.some(new SymbolicUpdate<>(updates.zip(params).map(up -> up._1.plus(up._2.times(k))), List.of(k),
                List.empty(), s -> List.of(Tensor.scalar(weightDecay)), (s, values) -> s, HashSet.of(k)));
    }

    /** {@code buf = buf * decay + u}, the update buf or {@code u + buf * decay}. */
    static Option<SymbolicUpdate<TraceState>> trace(double decay, boolean nesterov, List<Var> params, List<Expr> updates) {
        Var k = scalar("decay");
        List<Var> bufs = state("trace", params);
        List<Expr> buf = bufs.zip(updates).map(bu -> bu._1.times(k).plus(bu._2));
        List<Expr> out = nesterov ? updates.zip(buf).map(ub -> ub._1.plus(ub._2.times(k))) : buf;
        return Option.some(new SymbolicUpdate<>(out, List.of(k).appendAll(bufs), buf,
                s -> List.of(Tensor.scalar(decay)).appendAll(values(s.trace(), params)),
                (s, values) -> new TraceState(params(params, values)), HashSet.of(k)));
    }

    /** Adam's moments and direction, with the bias corrections of step t bound per step. */
    static Option<SymbolicUpdate<AdamState>> adam(double beta1, double beta2, double eps, List<Var> params,
            List<Expr> updates) {
        Var b1 = scalar("beta1");
        Var oneMinusB1 = scalar("1-beta1");
        Var b2 = scalar("beta2");
        Var oneMinusB2 = scalar("1-beta2");
        Var e = scalar("eps");
        Var correction1 = scalar("1-beta1^t");
        Var sqrtCorrection2 = scalar("sqrt(1-beta2^t)");
        List<Var> ms = state("mu", params);
        List<Var> vs = state("nu", params);
        List<Expr> mu = ms.zip(updates).map(mg -> mg._1.times(b1).plus(mg._2.times(oneMinusB1)));
        List<Expr> nu = vs.zip(updates).map(vg -> vg._1.times(b2).plus(vg._2.times(vg._2).times(oneMinusB2)));
        List<Expr> out = mu.zip(nu).map(mv -> mv._1.div(mv._2.sqrt().div(sqrtCorrection2).plus(e)).div(correction1));
        int n = params.size();
        return Option.some(new SymbolicUpdate<>(out,
                List.of(b1, oneMinusB1, b2, oneMinusB2, e, correction1, sqrtCorrection2).appendAll(ms).appendAll(vs),
                mu.appendAll(nu),
                s -> {
                    long t = s.count() + 1;
                    return List.of(beta1, 1 - beta1, beta2, 1 - beta2, eps, 1 - Math.pow(beta1, t),
                                    Math.sqrt(1 - Math.pow(beta2, t))).map(Tensor::scalar)
                            .appendAll(values(s.mu(), params)).appendAll(values(s.nu(), params));
                },
                (s, values) -> new AdamState(s.count() + 1, params(params, values.take(n)), params(params, values.drop(n))),
                HashSet.of(b1, oneMinusB1, b2, oneMinusB2, e, correction1, sqrtCorrection2)));
    }

    /** RMSProp's running average and direction. */
    static Option<SymbolicUpdate<RmsState>> rms(double alpha, double eps, List<Var> params, List<Expr> updates) {
        Var a = scalar("alpha");
        Var oneMinusA = scalar("1-alpha");
        Var e = scalar("eps");
        List<Var> avgs = state("squareAvg", params);
        List<Expr> avg = avgs.zip(updates).map(ag -> ag._1.times(a).plus(ag._2.times(ag._2).times(oneMinusA)));
        List<Expr> out = updates.zip(avg).map(ga -> ga._1.div(ga._2.sqrt().plus(e)));
        return Option.some(new SymbolicUpdate<>(out, List.of(a, oneMinusA, e).appendAll(avgs), avg,
                s -> List.of(alpha, 1 - alpha, eps).map(Tensor::scalar).appendAll(values(s.squareAvg(), params)),
                (s, values) -> new RmsState(params(params, values)), HashSet.of(a, oneMinusA, e)));
    }

    /** Adagrad's sum of squares and direction. */
    static Option<SymbolicUpdate<AdagradState>> adagrad(double eps, List<Var> params, List<Expr> updates) {
        Var e = scalar("eps");
        List<Var> sums = state("sum", params);
        List<Expr> sum = sums.zip(updates).map(ag -> ag._1.plus(ag._2.times(ag._2)));
        List<Expr> out = updates.zip(sum).map(ga -> ga._1.div(ga._2.sqrt().plus(e)));
        return Option.some(new SymbolicUpdate<>(out, List.of(e).appendAll(sums), sum,
                s -> List.of(Tensor.scalar(eps)).appendAll(values(s.sum(), params)),
                (s, values) -> new AdagradState(params(params, values)), HashSet.of(e)));
    }

    /** The updates times a number that {@code rate} gives for each state (a scheduled learning rate). */
    static Option<SymbolicUpdate<ScheduleState>> scheduled(java.util.function.ToDoubleFunction<ScheduleState> rate,
            List<Expr> updates) {
        Var k = scalar("learningRate");
        return Option.some(new SymbolicUpdate<>(updates.map(u -> u.times(k)), List.of(k), List.empty(),
                s -> List.of(Tensor.scalar(rate.applyAsDouble(s))), (s, values) -> new ScheduleState(s.count() + 1),
                HashSet.of(k)));
    }

    /** One fresh variable per parameter, for a state's tensors: {@code mu.W}. */
    private static List<Var> state(String name, List<Var> params) {
        return params.map(p -> Var.of(name + "." + p.name(), p.shape()));
    }

    private static List<Tensor> values(Params p, List<Var> params) {
        return params.map(p::get);
    }

    private static Params params(List<Var> params, List<Tensor> values) {
        return params.zip(values).foldLeft(Params.empty(), (p, vt) -> p.and(vt._1, vt._2));
    }
}
