package io.fluxion.nn;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Compile;
import io.fluxion.interp.Program;
import io.fluxion.interp.Substitute;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.ShapeException;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.Serializable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model: a forward function from an input expression to an output expression, written with the
 * variables of its parameters, together with their values.
 *
 * <pre>{@code
 * Var w = variable("W"), b = variable("b");
 * Model m = Model.of(x -> x.times(w).plus(b), Params.of(w, Tensor.scalar(5)).and(b, Tensor.scalar(0)));
 * m.predict(Tensor.vector(1, 2))   // [5, 10]
 * }</pre>
 *
 * <p>A model may compute differently in training, as Keras's {@code training=True}: a
 * {@link Dropout} layer drops activations only there. Its training forward function
 * ({@link #applyTraining}) also reads random keys, one per example of the batch, which
 * {@link io.fluxion.train.Training} binds anew each step; {@link #apply}, {@link #predict},
 * evaluation and metrics use the forward function alone.
 *
 * <p>Immutable and serializable (the forward function is a {@link SerializableFunction}), so a
 * model can be shipped to Spark executors. {@link #predict} compiles the forward function once per
 * input shape; the programs read the parameters as inputs, so models that differ only in their
 * values ({@link #withParams}) share them.
 */
public final class Model implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The forward function, from the input expression to the output. */
    private final SerializableFunction<Expr, Expr> forward;
    /** The forward function in training, from the input and per-example keys; none when it is {@link #forward}. */
    private final Option<SerializableBiFunction<Expr, Expr, Expr>> training;
    /** The parameters' variables and values. */
    private final Params params;
    /** The compiled forward function per input shape; shared with {@link #withParams} copies. */
    private final transient ConcurrentHashMap<Shape, Tuple2<Var, Program>> compiled;

    private Model(SerializableFunction<Expr, Expr> forward, Option<SerializableBiFunction<Expr, Expr, Expr>> training,
            Params params, ConcurrentHashMap<Shape, Tuple2<Var, Program>> compiled) {
        this.forward = java.util.Objects.requireNonNull(forward, "Model: forward");
        this.training = java.util.Objects.requireNonNull(training, "Model: training");
        this.params = java.util.Objects.requireNonNull(params, "Model: params");
        this.compiled = compiled;
    }

    /** The model computing {@code forward(input)} with these parameter values: {@code Model.of(x -> x.matmul(w), Params.of(w, w0))}. */
    public static Model of(SerializableFunction<Expr, Expr> forward, Params params) {
        return new Model(forward, Option.none(), params, new ConcurrentHashMap<>());
    }

    /**
     * A model that computes {@code training(input, keys)} in training and {@code forward(input)}
     * otherwise, as a Keras layer's {@code call(x, training)}: keys has shape (N, 4), one key
     * ({@link io.fluxion.op.Keys}) per example of a batch (N, ...), from which the training
     * forward function draws its random numbers ({@link io.fluxion.op.Randomness#uniform}); see
     * {@link Dropout}.
     */
    public static Model of(SerializableFunction<Expr, Expr> forward, SerializableBiFunction<Expr, Expr, Expr> training,
            Params params) {
        java.util.Objects.requireNonNull(training, "Model: training");
        return new Model(forward, Option.some(training), params, new ConcurrentHashMap<>());
    }

    /** The output expression for {@code input}, written with the parameter variables: {@code m.apply(x).minus(y).square().mean()}. */
    public Expr apply(Expr input) {
        return forward.apply(input);
    }

    /**
     * The output expression in training for {@code input} (N, ...), drawing its random numbers from
     * {@code keys} (N, 4), one key per example: {@link #apply} for a model that computes the same in
     * training.
     */
    public Expr applyTraining(Expr input, Expr keys) {
        return training.isDefined() ? training.get().apply(input, keys) : forward.apply(input);
    }

    /** Whether training computes differently from {@link #apply} and reads keys (a {@link Dropout} layer). */
    public boolean trainsWithKeys() {
        return training.isDefined();
    }

    /** The training forward function, if the model has one of its own (see {@link #of(SerializableFunction, SerializableBiFunction, Params)}). */
    public Option<SerializableBiFunction<Expr, Expr, Expr>> training() {
        return training;
    }

    /** The forward function itself: {@code Model.of(m.forward(), p)}. */
    public SerializableFunction<Expr, Expr> forward() {
        return forward;
    }

    /** The parameter values: {@code m.params().get(w)}. */
    public Params params() {
        return params;
    }

    /**
     * The same model with other values of the same variables: {@code m.withParams(epoch.params())}.
     *
     * @throws IllegalArgumentException naming the first variable that is not in both
     */
    public Model withParams(Params values) {
        Option<String> why = params.mismatch(values, "the model's parameters", "the new parameters");
        if (why.isDefined()) {
            throw new IllegalArgumentException("Model.withParams: " + why.get());
        }
        return new Model(forward, training, values, compiled);
    }

    /**
     * The same model with its parameters converted to {@code dtype}, as PyTorch's
     * {@code model.to(torch.float32)} (see {@link Params#to}); it shares the compiled forward
     * programs, which are specialised per dtype on first use: {@code Dense.of(784, 10, 1L).to(DType.FLOAT32)}.
     */
    public Model to(DType dtype) {
        return new Model(forward, training, params.to(dtype), compiled);
    }

    /**
     * The model's output for the input tensor {@code x}, through a program compiled on the first
     * call for x's shape and reused after: {@code m.predict(Tensor.of(Shape.of(1, 1), 100))}.
     *
     * @throws ShapeException if the forward function does not accept an input of x's shape
     */
    public Tensor predict(Tensor x) {
        Tuple2<Var, Program> p = compiled.computeIfAbsent(x.shape(), this::compile);
        return p._2.run(Bindings.of(params.toMap()).and(p._1, x)).head();
    }

    private Tuple2<Var, Program> compile(Shape shape) {
        Var input = Var.of("input", shape);
        Expr out;
        try {
            out = forward.apply(input);
        } catch (ShapeException e) {
            throw new ShapeException("Model.predict: the forward function does not accept an input of shape "
                    + shape + ": " + e.getMessage());
        }
        return Tuple.of(input, Compile.compile(List.of(out)));
    }

    /**
     * The same model with every parameter variable replaced by a fresh one named
     * {@code rename(name)}, values kept, so that the names are distinct when models are combined:
     * {@code m.renamed(n -> "encoder." + n)}.
     */
    public Model renamed(SerializableFunction<String, String> rename) {
        List<Tuple2<Var, Var>> map = params.vars().map(v -> Tuple.of(v, Var.of(rename.apply(v.name()), v.shape())));
        Params renamed = map.foldLeft(Params.empty(), (p, vv) -> p.and(vv._2, params.get(vv._1)));
        SerializableFunction<Expr, Expr> old = forward;
        // The old forward function still builds with the old variables; substituting them is one
        // pass per variable over a DAG that is built once per input shape.
        SerializableFunction<Expr, Expr> fresh = x -> substituted(old.apply(x), map);
        if (training.isEmpty()) {
            return of(fresh, renamed);
        }
        SerializableBiFunction<Expr, Expr, Expr> oldTraining = training.get();
        return of(fresh, (x, keys) -> substituted(oldTraining.apply(x, keys), map), renamed);
    }

    private static Expr substituted(Expr e, List<Tuple2<Var, Var>> map) {
        return map.foldLeft(e, (f, vv) -> Substitute.substitute(f, vv._1, vv._2));
    }

    /** The parameters' names and shapes: {@code Model(W (1, 1), b (1))}. */
    @Override
    public String toString() {
        return params.vars().map(v -> v.name() + " " + v.shape()).mkString("Model(", ", ", ")");
    }

    /** Rebuilds through the factory, which makes the cache that is not serialized. */
    private Object readResolve() {
        return new Model(forward, training, params, new ConcurrentHashMap<>());
    }
}
