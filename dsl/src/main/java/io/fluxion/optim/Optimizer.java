package io.fluxion.optim;

import io.fluxion.dsl.Dsl;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.interp.Bindings;
import io.fluxion.interp.Program;
import io.fluxion.nn.Params;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An optimizer: a named {@link GradientTransformation} whose updates are added to the
 * parameters, so that {@link #update} returns the new parameters. Pure, as in optax: the state
 * is a value passed in and returned, never kept inside.
 *
 * <pre>{@code
 * Optimizer opt = Optimizers.adam(1e-3);
 * OptimizerState state = opt.init(params);
 * for (...) { Step step = opt.update(grads(params), state, params); params = step.params(); state = step.state(); }
 * }</pre>
 *
 * <p>{@link #update} compiles the transformation's update once per set of parameter variables
 * and runs it, as {@code jax.jit(tx.update)}; training compiles the same expressions into its
 * step ({@link #trace}), so both give the same bits. Immutable and thread-safe.
 */
public final class Optimizer implements Chainable {
    private final String name;
    private final GradientTransformation transformation;
    /** The update compiled alone, per list of parameter variables. */
    private final ConcurrentHashMap<List<Var>, Compiled> compiled = new ConcurrentHashMap<>();

    /** The program of {@link #update}: its gradient variables, the traced update and the program of new parameters and outputs. */
    private record Compiled(List<Var> grads, TracedUpdate traced, Program program) {}

    private Optimizer(String name, GradientTransformation transformation) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("Optimizer: the name must not be blank");
        }
        this.name = name;
        this.transformation = Objects.requireNonNull(transformation, "Optimizer: transformation");
    }

    /** The optimizer that adds the updates of {@code updates} (a transformation or a chain) to the parameters. */
    public static Optimizer of(String name, Chainable updates) {
        return new Optimizer(name, updates.transformation());
    }

    /** The name errors use, such as {@code "adam"}. */
    public String name() {
        return name;
    }

    /** The transformation whose updates are added to the parameters. */
    @Override
    public GradientTransformation transformation() {
        return transformation;
    }

    /** The initial state for these parameters. */
    public OptimizerState init(Params params) {
        return TracedUpdate.of(name, transformation, params.vars(), params.vars().map(v -> (Expr) v)).init(params);
    }

    /**
     * One step: the new parameters, {@code params + updates}, and the new state.
     *
     * @throws IllegalArgumentException naming this optimizer if {@code grads} and {@code params}
     *     do not hold the same variables, or {@code state} is not this optimizer's state for them
     */
    public Step update(Params grads, OptimizerState state, Params params) {
        Option<String> why = params.mismatch(grads, "the parameters", "the gradients");
        if (why.isDefined()) {
            throw new IllegalArgumentException(name + ": " + why.get());
        }
        Compiled c = compiled.computeIfAbsent(params.vars(), vars -> {
            List<Var> g = vars.map(v -> Var.of("grad." + v.name(), v.shape()));
            TracedUpdate t = trace(vars, g.map(v -> (Expr) v));
            return new Compiled(g, t, Dsl.compile(t.updates().appendAll(t.outputs()).toJavaArray(Expr[]::new)));
        });
        List<Tensor> inputs = c.traced().bind(state, params.dtype().getOrElse(DType.FLOAT64));
        Bindings b = Bindings.of(params.toMap());
        for (int i = 0; i < c.grads().size(); i++) {
            b = b.and(c.grads().get(i), grads.get(params.vars().get(i)));
        }
        for (var vt : c.traced().inputs().zip(inputs)) {
            b = b.and(vt._1, vt._2);
        }
        List<Tensor> out = c.program().run(b);
        int n = params.size();
        Params next = params.vars().zip(out.take(n)).foldLeft(Params.empty(), (p, vt) -> p.and(vt._1, vt._2));
        return new Step(next, c.traced().next(state, out.drop(n)));
    }

    /**
     * {@link #update} as expressions: given the parameters' variables and the gradients'
     * expressions, the {@link TracedUpdate#updates() updates} are the new parameters,
     * {@code p + u}. Training compiles it with the gradients into one program.
     *
     * @throws IllegalArgumentException naming this optimizer if the transformation's update is
     *     malformed (updates of the wrong number or shapes)
     */
    public TracedUpdate trace(List<Var> params, List<Expr> grads) {
        TracedUpdate u = TracedUpdate.of(name, transformation, params, grads);
        return u.withUpdates(params.zip(u.updates()).map(pu -> pu._1.plus(pu._2)));
    }

    /** {@code Optimizer(adam)}. */
    @Override
    public String toString() {
        return "Optimizer(" + name + ")";
    }
}
