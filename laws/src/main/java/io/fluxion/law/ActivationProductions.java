package io.fluxion.law;

import static io.fluxion.law.Productions.NON_SCALAR;
import static io.fluxion.law.Productions.pick;
import static io.fluxion.law.Productions.rule;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.law.Grammar.Built;
import io.fluxion.law.Grammar.Production;
import io.fluxion.op.Activation;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Lanes;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import org.quicktheories.core.RandomnessSource;

/** Softmax and log-softmax along any axis, and softmax cross-entropy against constant or generated targets. */
final class ActivationProductions {
    private ActivationProductions() {}

    static List<Production> all() {
        return List.of(
                rule("softmax", NON_SCALAR, (g, src, s, d) -> {
                    Built a = g.gen(src, s, d);
                    return new Built(a.expr().softmax(Draws.pick(src, s.rank())), 1, a.guards());
                }),
                rule("logSoftmax", NON_SCALAR, (g, src, s, d) -> {
                    int axis = Draws.pick(src, s.rank());
                    Built a = g.gen(src, s, d);
                    // logSoftmax(x)_i = x_i - logSumExp(x) ≥ -2·bound - log n.
                    return new Built(a.expr().logSoftmax(axis), 2 * a.bound() + Math.log(s.dim(axis)), a.guards());
                }),
                rule("softmaxCrossEntropy",
                        List.of("softmaxCrossEntropy", "logSoftmax", "mul", "sum", "neg", "softmax"),
                        (g, s) -> !crossEntropies(g, s).isEmpty(), ActivationProductions::crossEntropy));
    }

    /**
     * Cross-entropy of generated logits against a target: a constant one-hot or distribution, as
     * in training, or the softmax of a generated expression, so that the derivative in the
     * target is checked too. Either the fused primitive, or written out as -Σ y · logSoftmax(z),
     * which compile fuses.
     */
    private static Built crossEntropy(Grammar g, RandomnessSource src, Shape s, int d) {
        Tuple2<Shape, Integer> f = pick(src, crossEntropies(g, s));
        int axis = f._2;
        Built z = g.gen(src, f._1, d);
        List<Guard> guards = z.guards();
        Expr y;
        int kind = Draws.pick(src, 3);
        if (kind < 2) {
            y = new Const(target(src, f._1, axis, kind == 0));
        } else {
            Built t = g.gen(src, f._1, d);
            y = t.expr().softmax(axis);
            guards = guards.appendAll(t.guards());
        }
        Expr ce = Draws.pick(src, 2) == 0 ? Activation.softmaxCrossEntropy(z.expr(), y, axis)
                : z.expr().logSoftmax(axis).times(y).sum(axis).negate();
        // Σ y = 1 and -logSoftmax ≤ 2·bound + log n.
        return new Built(ce, 2 * z.bound() + Math.log(f._1.dim(axis)), guards);
    }

    /**
     * Targets along the axis: one-hot rows, or distributions with every weight at least a tenth
     * of the largest, so that both kinds of target the documentation promises are exercised.
     */
    static Tensor target(RandomnessSource src, Shape x, int axis, boolean oneHot) {
        double[] y = new double[x.size()];
        Lanes lanes = Lanes.of(x, axis);
        for (int o = 0; o < lanes.outer(); o++) {
            for (int i = 0; i < lanes.inner(); i++) {
                int start = lanes.start(o, i);
                if (oneHot) {
                    y[start + Draws.pick(src, lanes.length()) * lanes.inner()] = 1;
                    continue;
                }
                double total = 0;
                for (int k = 0; k < lanes.length(); k++) {
                    double w = Draws.coarse(src, 1, 10, 10, 0.1);
                    y[start + k * lanes.inner()] = w;
                    total += w;
                }
                for (int k = 0; k < lanes.length(); k++) {
                    y[start + k * lanes.inner()] /= total;
                }
            }
        }
        return Tensor.of(x, y);
    }

    /** Logit shapes of the grammar and axes whose cross-entropy has shape s. */
    static List<Tuple2<Shape, Integer>> crossEntropies(Grammar g, Shape s) {
        return g.fit("crossEntropies", s, t -> {
            List<Tuple2<Shape, Integer>> out = List.empty();
            for (Shape x : g.shapes) {
                for (int axis = 0; axis < x.rank(); axis++) {
                    if (x.without(axis).equals(t)) {
                        out = out.append(Tuple.of(x, axis));
                    }
                }
            }
            return out;
        });
    }
}
