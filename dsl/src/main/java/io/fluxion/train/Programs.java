package io.fluxion.train;

import io.fluxion.autodiff.Derivatives;
import io.fluxion.data.Batch;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Program;
import io.fluxion.nn.Loss;
import io.fluxion.nn.Metric;
import io.fluxion.nn.Model;
import io.fluxion.nn.Params;
import io.fluxion.op.Keys;
import io.fluxion.optim.Optimizer;
import io.fluxion.optim.TracedUpdate;
import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Preload;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled programs of a {@link Training}, one per distinct (x, y) batch shape, made on first
 * use and kept, as {@code jax.jit} traces once per input shape: a smaller last batch gets its own.
 * Each reads the batch through fresh variables of the batch's shapes and the parameters through
 * the model's own variables.
 */
final class Programs {

    /**
     * A program with the variables its batch is bound to; outputs the loss, the metrics, then for
     * a step the gradients, or for a fused step the new parameters followed by the outputs of
     * {@code update}, whose inputs the program also reads. A step of a model that trains with keys
     * ({@link Model#trainsWithKeys}) also reads {@code keys}, one per example of the batch.
     */
    record Compiled(Var x, Var y, Program program, List<Shape> outputShapes, Option<TracedUpdate> update,
            Option<Var> keys) {

        /** The bindings of a batch (and, if this program reads keys, of the keys of its examples from {@code first}). */
        Bindings bind(Bindings params, Tensor x, Tensor y, Option<Tensor> stepKey, int first) {
            Bindings b = params.and(this.x, x).and(this.y, y);
            if (keys.isEmpty()) {
                return b;
            }
            if (stepKey.isEmpty()) {
                throw new IllegalStateException("a step of a model that trains with keys needs its step's key");
            }
            return b.and(keys.get(), StepKeys.rows(stepKey.get(), first, keys.get().shape().dim(0)));
        }
    }

    private final Model model;
    private final Loss loss;
    private final LinkedHashMap<String, Metric> metrics;
    private final ConcurrentHashMap<Tuple2<Shape, Shape>, Compiled> steps = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Tuple2<Shape, Shape>, Compiled> evaluations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Tuple2<Shape, Shape>, Option<Compiled>> fused = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Tuple2<Shape, Shape>, Option<ShardedStep>> sharded = new ConcurrentHashMap<>();
    /** The optimizer whose update a fused step compiles in; none for programs of loss and gradients only. */
    private final Option<Optimizer> optimizer;

    Programs(Model model, Loss loss, LinkedHashMap<String, Metric> metrics, Option<Optimizer> optimizer) {
        this.model = model;
        this.loss = loss;
        this.metrics = metrics;
        this.optimizer = optimizer;
    }

    /** The step program: loss, metrics, and the loss's gradients with respect to the model's parameters. */
    Compiled step(Shape x, Shape y) {
        return steps.computeIfAbsent(Tuple.of(x, y), k -> outputs(k, true).compiled());
    }

    /**
     * The fused step program: loss, metrics, and the optimizer's update of the parameters computed
     * from the gradients in the same program, as {@code jax.jit(train_step)}; none for programs
     * with no optimizer.
     */
    Option<Compiled> fused(Shape x, Shape y) {
        return fused.computeIfAbsent(Tuple.of(x, y), k -> {
            Outputs g = outputs(k, true);
            int head = 1 + metrics.size();
            return optimizer.map(o -> o.trace(model.params().vars(), g.exprs.drop(head))).map(u -> {
                List<Expr> all = g.exprs.take(head).appendAll(u.updates()).appendAll(u.outputs());
                return new Compiled(g.x, g.y, compile(all), all.map(Expr::shape), Option.some(u), g.keys);
            });
        });
    }

    /**
     * The step on every core for batches of this one's shapes ({@link ShardedStep}), or none: for
     * a batch too small to cut, programs with no optimizer, or a loss or metric that the
     * shards do not add up to, as {@link ShardCheck} finds on the first such batch, at
     * {@code params} (and the step's key, for a model that trains with keys). Decided once per
     * shape and kept.
     */
    Option<ShardedStep> sharded(Params params, Batch batch, Option<Tensor> stepKey) {
        Tuple2<Shape, Shape> key = Tuple.of(batch.x().shape(), batch.y().shape());
        Option<ShardedStep> known = sharded.get(key);
        return known != null ? known : sharded.computeIfAbsent(key, k -> decide(params, batch, stepKey));
    }

    /** {@link #sharded(Params, Batch, Option)} with the key of the batch's step in epoch 1, as {@code Training.step} binds it. */
    Option<ShardedStep> sharded(Params params, Batch batch) {
        return sharded(params, batch, model.trainsWithKeys() ? Option.some(StepKeys.of(1, batch.index() + 1))
                : Option.none());
    }

    private Option<ShardedStep> decide(Params params, Batch batch, Option<Tensor> stepKey) {
        Shape xs = batch.x().shape();
        Shape ys = batch.y().shape();
        if (optimizer.isEmpty() || xs.rank() == 0 || ys.rank() == 0 || xs.dim(0) != ys.dim(0)) {
            return Option.none();
        }
        Shards shards = Shards.of(xs.dim(0));
        if (shards.count() < 2) {
            return Option.none();
        }
        // The whole batch's step first: a batch that does not fit the model is named as it is.
        Compiled whole = step(xs, ys);
        Compiled[] parts = new Compiled[shards.count()];
        for (int k = 0; k < parts.length; k++) {
            parts[k] = step(xs.with(0, shards.rows(k)), ys.with(0, shards.rows(k)));
        }
        List<Tensor> expected = whole.program().run(whole.bind(Bindings.of(params.toMap()), batch.x(), batch.y(),
                stepKey, 0));
        Buffer[][] out = ShardedStep.runShards(this, shards, parts, params, batch, stepKey, new StepBuffers());
        return ShardCheck.reduction(shards, out, expected, metrics.size())
                .flatMap(r -> updateProgram(shards, parts, r));
    }

    /** The program that adds the shards' gradients and applies the optimizer's update. */
    private Option<ShardedStep> updateProgram(Shards shards, Compiled[] parts, ShardedStep.Reduction r) {
        List<Var> vars = model.params().vars();
        Var[][] g = new Var[shards.count()][vars.size()];
        for (int k = 0; k < g.length; k++) {
            for (int p = 0; p < vars.size(); p++) {
                g[k][p] = Var.of("shard" + k + "_grad" + p, vars.get(p).shape());
            }
        }
        List<Expr> grads = ShardedStep.combined(g, ShardedStep.weights(shards, r), vars.size());
        TracedUpdate u = optimizer.get().trace(vars, grads);
        List<Expr> all = u.updates().appendAll(u.outputs());
        return Option.some(new ShardedStep(shards, parts, r, metrics.size(), compile(all), all.map(Expr::shape), u, g));
    }

    /** The evaluation program: loss and metrics only. */
    Compiled evaluation(Shape x, Shape y) {
        return evaluations.computeIfAbsent(Tuple.of(x, y), k -> outputs(k, false).compiled());
    }

    /** The batch's variables (and its keys, if any) and the expressions a program computes from them. */
    private record Outputs(Var x, Var y, Option<Var> keys, List<Expr> exprs) {
        Compiled compiled() {
            return new Compiled(x, y, compile(exprs), exprs.map(Expr::shape), Option.none(), keys);
        }
    }

    private static Program compile(List<Expr> exprs) {
        return Compile.compile(exprs);
    }

    private Outputs outputs(Tuple2<Shape, Shape> shapes, boolean withGradients) {
        // The program's first run will multiply matrices: load the products' machinery meanwhile
        // (started already where a Dataset was made).
        Preload.products();
        Var x = Var.of("x", shapes._1);
        Var y = Var.of("y", shapes._2);
        String batch = "Training: for a batch with x of shape " + shapes._1 + " and y of shape " + shapes._2 + ", ";
        Expr prediction;
        Expr value;
        List<Expr> measured;
        // A step of a model that trains with keys runs its training forward function (Keras's
        // training=True) on keys bound per step, one per example; an evaluation runs the forward function.
        Option<Var> keys = Option.none();
        try {
            if (withGradients && model.trainsWithKeys()) {
                if (shapes._1.rank() < 1) {
                    throw new ShapeException(batch + "the model trains with keys, one per example, so x needs a "
                            + "leading batch axis");
                }
                keys = Option.some(Var.of("keys", Shape.matrix(shapes._1.dim(0), Keys.WORDS)));
                prediction = model.applyTraining(x, keys.get());
            } else {
                prediction = model.apply(x);
            }
            value = scalar(batch + "the loss", loss.apply(prediction, y), prediction, y);
            Expr p = prediction;
            measured = metrics.toList().map(m -> scalar(batch + "metric '" + m._1 + "'", m._2.apply(p, y), p, y));
        } catch (ShapeException e) {
            throw e.getMessage().startsWith("Training:") ? e : new ShapeException(batch + e.getMessage());
        }
        List<Expr> outputs = List.of(value).appendAll(measured);
        if (withGradients) {
            outputs = outputs.appendAll(Derivatives.gradients(value, model.params().vars()));
        }
        return new Outputs(x, y, keys, outputs);
    }

    private static Expr scalar(String what, Expr e, Expr prediction, Expr y) {
        if (!e.shape().isScalar()) {
            throw new ShapeException(what + " must be a scalar, but for a prediction of shape " + prediction.shape()
                    + " and a target of shape " + y.shape() + " it has shape " + e.shape()
                    + "; reduce it with mean() or sum()");
        }
        return e;
    }
}
