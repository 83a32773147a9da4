package io.fluxion.nn;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.op.Keys;
import io.fluxion.op.Randomness;
import io.fluxion.op.Structure;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;

/**
 * Inverted dropout, as {@code torch.nn.Dropout(rate)} and Keras's {@code Dropout(rate, seed=seed)}:
 * in training each activation is zeroed with probability {@code rate} and the others scaled by
 * 1 / (1 − rate), so that their expectation is unchanged; outside training (evaluation, metrics,
 * {@link Model#predict}) it is the identity. No parameters.
 *
 * <pre>{@code Sequential.of(Dense.of(784, 256, 1L, Activations.RELU), Dropout.of(0.2, 7L), Dense.of(256, 10, 2L))}</pre>
 *
 * <p>The randomness is explicit, as JAX's keys: the training forward function reads keys (N, 4),
 * one per example of the batch, which {@link io.fluxion.train.Training} derives for each step from
 * the epoch and the step's number, and draws {@link Randomness#uniform} numbers from each with
 * the layer's seed folded in. Example n's mask is therefore a function of (seed, epoch, step, n)
 * alone: a run is reproducible, a run resumed from a checkpoint drops what the uninterrupted run
 * drops, and a step cut into shards on several cores drops what it drops on one.
 */
public final class Dropout {
    private Dropout() {}

    /**
     * The layer dropping a fraction {@code rate} of activations in training, its masks drawn with
     * {@code seed}: {@code Dropout.of(0.5, 3L)}. Rate 0 is the identity, in training too.
     *
     * @throws IllegalArgumentException if rate is not in [0, 1)
     */
    public static Model of(double rate, long seed) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: the rate must be in [0, 1), got " + rate);
        }
        if (rate == 0) {
            return Model.of(SerializableFunction.identity(), Params.empty());
        }
        return Model.of(SerializableFunction.identity(), (x, keys) -> dropped(x, keys, rate, seed), Params.empty());
    }

    /**
     * x with each element zeroed where its uniform number is below the rate, the others scaled: the
     * numbers of example n are those of key n, as many as an example of x has elements, laid out
     * as x's rows are (examples first, as every layer keeps them).
     */
    static Expr dropped(Expr x, Expr keys, double rate, long seed) {
        Shape k = keys.shape();
        if (k.rank() != 2 || k.dim(1) != Keys.WORDS) {
            throw new ShapeException("Dropout: needs keys (N, " + Keys.WORDS + "), one per example, got " + k);
        }
        Shape s = x.shape();
        int n = k.dim(0);
        if (s.rank() < 1 || s.size() % n != 0) {
            throw new ShapeException("Dropout: needs activations of the batch's " + n + " examples (" + n
                    + ", ...), got " + s);
        }
        Expr u = Randomness.uniform(keys, Shape.vector(s.size() / n), seed).reshape(s);
        return Structure.where(u.lt(Const.of(rate)), Const.of(0), x.times(1 / (1 - rate)));
    }
}
