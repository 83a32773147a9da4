package io.fluxion.train;

import io.fluxion.data.Batch;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.nn.Params;
import io.fluxion.optim.TracedUpdate;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Parallel;
import io.fluxion.tensor.internal.Storage;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.function.IntFunction;

/**
 * A step on every core: the batch cut into {@link Shards}, each shard's loss, metrics and
 * gradients computed by the step program of its shape, the shards at once on
 * {@link Parallel#shared()}, then one program that adds the shards' gradients in a fixed tree
 * order and applies the optimizer's update, as data-parallel training adds its replicas'
 * gradients. The loss and metrics of the batch are the shards' added in the same order.
 *
 * <p>That is the batch's own step only when the loss is a mean (or a sum) over the batch's
 * examples, plus terms of the parameters alone, and the metrics are means: true of every built-in
 * loss and metric, not of one that compares examples with each other. {@link #check} therefore
 * compares the sharded step with the whole batch's on the first batch of each shape, and a
 * training uses shards only where they agree. The bits then depend on the batch size (which fixes
 * the shards), never on the number of cores.
 */
final class ShardedStep {
    /** How the shards' losses and gradients add up to the batch's. */
    enum Reduction {
        /** The loss is a mean over examples: shard k weighs its rows / the batch's rows. */
        MEAN,
        /** The loss is a sum over examples: the shards add as they are. */
        SUM
    }

    private final Shards shards;
    private final Programs.Compiled[] parts;
    private final Reduction reduction;
    private final double[] lossWeights;
    private final double[] metricWeights;
    private final int metrics;
    /** Adds the shards' gradients and applies the optimizer's update. */
    private final Program update;
    private final List<Shape> updateShapes;
    private final TracedUpdate symbolic;
    /** The update program's inputs for the shards' gradients: [shard][parameter]. */
    private final Var[][] gradients;

    ShardedStep(Shards shards, Programs.Compiled[] parts, Reduction reduction, int metrics, Program update,
            List<Shape> updateShapes, TracedUpdate symbolic, Var[][] gradients) {
        this.shards = shards;
        this.parts = parts;
        this.reduction = reduction;
        this.metrics = metrics;
        this.update = update;
        this.updateShapes = updateShapes;
        this.symbolic = symbolic;
        this.gradients = gradients;
        this.metricWeights = weights(shards, Reduction.MEAN);
        this.lossWeights = weights(shards, reduction);
    }

    /** Each shard's weight in the batch's loss and gradients. */
    static double[] weights(Shards shards, Reduction reduction) {
        double[] w = new double[shards.count()];
        for (int k = 0; k < w.length; k++) {
            w[k] = reduction == Reduction.SUM ? 1 : (double) shards.rows(k) / shards.total();
        }
        return w;
    }

    /**
     * {@code term(0) + … + term(n - 1)} added in pairs, then pairs of pairs: the order in which the
     * shards' gradients are added, in the update program and in Java alike.
     */
    static <T> T tree(int n, IntFunction<T> term, java.util.function.BinaryOperator<T> add) {
        java.util.ArrayList<T> level = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            level.add(term.apply(i));
        }
        while (level.size() > 1) {
            java.util.ArrayList<T> up = new java.util.ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                up.add(add.apply(level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                up.add(level.get(level.size() - 1));
            }
            level = up;
        }
        return level.get(0);
    }

    /** The weighted sum of the shards' gradients of each parameter, as the update program reads them. */
    static List<Expr> combined(Var[][] gradients, double[] weights, int params) {
        return List.range(0, params).map(p -> tree(gradients.length,
                k -> weights[k] == 1 ? (Expr) gradients[k][p] : gradients[k][p].times(weights[k]), Expr::plus));
    }

    /**
     * The shards' outputs: loss, metrics and gradients of each, in buffers of {@code buffers}. The
     * buffers are found on the calling thread; the shards then copy their rows and run at once. A
     * model that trains with keys gets, in each shard, the keys of the shard's rows of the batch
     * (from {@code stepKey}), so that it draws what the whole batch's step draws.
     */
    Buffer[][] runShards(Params params, Batch batch, Option<Tensor> stepKey, StepBuffers buffers) {
        return runShards(this, shards, parts, params, batch, stepKey, buffers);
    }

    /** {@link #runShards(Params, Batch, Option, StepBuffers)} for these shards and programs, with buffers kept for {@code owner}. */
    static Buffer[][] runShards(Object owner, Shards shards, Programs.Compiled[] parts, Params params, Batch batch,
            Option<Tensor> stepKey, StepBuffers buffers) {
        int n = shards.count();
        Buffer[][] rows = new Buffer[n][];
        Buffer[][] out = new Buffer[n][];
        Bindings[] bindings = new Bindings[n];
        Bindings common = Bindings.of(params.toMap());
        for (int k = 0; k < n; k++) {
            Programs.Compiled c = parts[k];
            Buffer[] xy = buffers.scratch(owner, 2 * k, () -> new Buffer[] {
                Buffer.of(c.x().shape(), batch.x().dtype()), Buffer.of(c.y().shape(), batch.y().dtype())});
            Bindings b = c.bind(common, Storage.view(xy[0]), Storage.view(xy[1]), stepKey, shards.first(k));
            rows[k] = xy;
            bindings[k] = b;
            out[k] = buffers.scratch(owner, 2 * k + 1,
                    () -> StepBuffers.make(c.outputShapes(), c.program().outputDTypes(b)));
        }
        Parallel.shared().run(n, k -> {
            rows[k][0].setRows(batch.x(), shards.first(k));
            rows[k][1].setRows(batch.y(), shards.first(k));
            parts[k].program().runInto(bindings[k], out[k]);
        });
        return out;
    }

    /**
     * One step: the batch's loss, its metrics, the new parameters and the optimizer's outputs, in
     * the order of a fused step's program, the last two written into {@code buffers}' next set
     * (or fresh tensors, and every buffer fresh, when {@code buffers} is null).
     */
    List<Tensor> run(Params params, Batch batch, Option<Tensor> stepKey, List<Tensor> optimizerInputs,
            StepBuffers buffers) {
        Buffer[][] out = runShards(params, batch, stepKey, buffers == null ? new StepBuffers() : buffers);
        Bindings b = Bindings.of(params.toMap());
        for (Tuple2<Var, Tensor> vt : symbolic.inputs().zip(optimizerInputs)) {
            b = b.and(vt._1, vt._2);
        }
        for (int k = 0; k < gradients.length; k++) {
            for (int p = 0; p < gradients[k].length; p++) {
                b = b.and(gradients[k][p], Storage.view(out[k][1 + metrics + p]));
            }
        }
        if (buffers == null) {
            return head(out).appendAll(update.run(b));
        }
        Buffer[] into = buffers.next(update, updateShapes, b);
        update.runInto(b, into);
        return head(out).appendAll(List.of(into).map(Storage::view));
    }

    /** The batch's loss and metrics, from the shards'. */
    private List<Tensor> head(Buffer[][] out) {
        List<Tensor> head = List.of(Tensor.scalar(sum(out, 0, lossWeights)));
        for (int i = 1; i <= metrics; i++) {
            head = head.append(Tensor.scalar(sum(out, i, metricWeights)));
        }
        return head;
    }

    /** Output {@code i} (a scalar) of the shards, weighted and added in the tree's order. */
    private static double sum(Buffer[][] out, int i, double[] weights) {
        return tree(out.length, k -> weights[k] * Storage.view(out[k][i]).item(), Double::sum);
    }

    /** How the shards' losses and gradients add up. */
    Reduction reduction() {
        return reduction;
    }

    /** The optimizer's update this step's update program computes. */
    TracedUpdate symbolic() {
        return symbolic;
    }
}
