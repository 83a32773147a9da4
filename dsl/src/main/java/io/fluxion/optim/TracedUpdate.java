package io.fluxion.optim;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;

/**
 * An update traced over given parameters and incoming updates: the expressions it computes and
 * the inputs they read beyond those, so that training compiles it into the same program as the
 * loss and its gradients and runs a whole step as one program, as {@code jax.jit(train_step)}
 * does, and {@link Optimizer#update} compiles it alone. The inputs are the state's tensors, then
 * the numbers; the outputs are the next values of the slots the update changes.
 *
 * <pre>{@code
 * TracedUpdate u = optimizer.trace(params.vars(), gradients);
 * List<Tensor> in = u.bind(state, DType.FLOAT64);     // the values of u.inputs()
 * OptimizerState next = u.next(state, outputs);       // from the values of u.outputs()
 * }</pre>
 */
public final class TracedUpdate {
    private final String who;
    private final Declarations declared;
    private final OptimizerState.Layout layout;
    private final List<Expr> updates;
    private final List<Var> inputs;
    private final List<Expr> outputs;
    /** For each output slot, its index among the declared slots. */
    private final int[] outputSlots;
    private final Set<Var> numbers;

    private TracedUpdate(String who, Declarations declared, List<Expr> updates, List<Expr> outputs, int[] outputSlots) {
        this.who = who;
        this.declared = declared;
        this.layout = new OptimizerState.Layout(declared.params, List.ofAll(declared.slots).map(Slot::path),
                List.ofAll(declared.counted));
        this.updates = updates;
        this.outputs = outputs;
        this.outputSlots = outputSlots;
        List<Declarations.Number> n = List.ofAll(declared.numbers);
        this.inputs = List.ofAll(declared.slots).flatMap(Slot::vars).appendAll(n.map(Declarations.Number::var));
        this.numbers = HashSet.ofAll(n.map(Declarations.Number::var));
    }

    /**
     * {@code t}'s update over {@code params} and the incoming {@code updates}, one per parameter.
     *
     * @throws IllegalArgumentException naming {@code who} if the update gives updates or next
     *     values of the wrong number or shapes, or next values for a slot it did not declare
     */
    static TracedUpdate of(String who, GradientTransformation t, List<Var> params, List<Expr> updates) {
        Declarations d = new Declarations(params);
        Update u = t.update(updates, params, new UpdateContext("", d));
        checkShapes(who, "the updates", params, u.updates());
        List<Expr> outputs = List.empty();
        int[] slots = new int[u.next().size()];
        int k = 0;
        for (var e : u.next()) {
            int i = d.slots.indexOf(e._1);
            if (i < 0) {
                throw new IllegalArgumentException(who + ": the update gives next values for slot " + e._1
                        + ", which it did not declare with its context's zeros or filled");
            }
            checkShapes(who, "the next values of slot " + e._1, params, e._2);
            slots[k++] = i;
            outputs = outputs.appendAll(e._2);
        }
        return new TracedUpdate(who, d, u.updates(), outputs, slots);
    }

    private static void checkShapes(String who, String what, List<Var> params, List<Expr> values) {
        if (values.size() != params.size()) {
            throw new IllegalArgumentException(who + ": " + what + " are " + values.size() + " expressions for "
                    + params.size() + " parameters");
        }
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).shape().equals(params.get(i).shape())) {
                throw new IllegalArgumentException(who + ": " + what + " give shape " + values.get(i).shape()
                        + " for parameter " + params.get(i).name() + " of shape " + params.get(i).shape());
            }
        }
    }

    /** The same update with other outgoing expressions (an optimizer's {@code p + u}). */
    TracedUpdate withUpdates(List<Expr> other) {
        return new TracedUpdate(who, declared, other, outputs, outputSlots);
    }

    /** The outgoing updates, one per parameter (for {@link Optimizer#trace}, the new parameters). */
    public List<Expr> updates() {
        return updates;
    }

    /** The variables the expressions read besides the parameters and incoming updates: the state's tensors, then the numbers. */
    public List<Var> inputs() {
        return inputs;
    }

    /** The next values of the slots the update changes, as expressions. */
    public List<Expr> outputs() {
        return outputs;
    }

    /** The inputs that are numbers, bound in the parameters' dtype (see {@link UpdateContext}). */
    public Set<Var> numbers() {
        return numbers;
    }

    /**
     * The values of {@link #inputs} at {@code state}, the numbers as scalars of {@code dtype} (the
     * parameters' dtype).
     *
     * @throws IllegalArgumentException naming the optimizer if the state is not of this update's layout (another
     *     optimizer's, or another model's), or a number refuses the step count (a schedule giving
     *     a negative learning rate)
     */
    public List<Tensor> bind(OptimizerState state, DType dtype) {
        check(state);
        Tensor[] values = new Tensor[inputs.size()];
        int n = state.tensorCount();
        for (int i = 0; i < n; i++) {
            values[i] = state.tensor(i);
        }
        for (int i = 0; i < declared.numbers.size(); i++) {
            Declarations.Number num = declared.numbers.get(i);
            double v = num.value().applyAsDouble(num.count() < 0 ? 0 : state.count(num.count()));
            values[n + i] = Tensor.scalar(v, dtype);
        }
        return List.of(values);
    }

    /** The state after a step: the slots from the values of {@link #outputs}, in order, the counts one more. */
    public OptimizerState next(OptimizerState state, List<Tensor> outputValues) {
        check(state);
        if (outputValues.size() != outputs.size()) {
            throw new IllegalArgumentException("TracedUpdate.next: " + outputValues.size() + " values for "
                    + outputs.size() + " outputs");
        }
        int params = layout.params().size();
        Tensor[] t = new Tensor[state.tensorCount()];
        for (int i = 0; i < t.length; i++) {
            t[i] = state.tensor(i);
        }
        java.util.Iterator<Tensor> it = outputValues.iterator();
        for (int slot : outputSlots) {
            for (int p = 0; p < params; p++) {
                t[slot * params + p] = it.next();
            }
        }
        long[] c = new long[layout.counted().size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = state.count(i) + 1;
        }
        return new OptimizerState(layout, t, c);
    }

    /**
     * The state before the first step: each slot's tensors of its parameter's shape and dtype,
     * filled with the slot's initial value, and every count 0.
     *
     * @throws IllegalArgumentException if {@code params} are not the variables this update was traced over
     */
    public OptimizerState init(Params params) {
        if (!params.vars().equals(layout.params())) {
            throw new IllegalArgumentException("TracedUpdate.init: the parameters " + params.vars().mkString(", ")
                    + " are not the ones the update was traced over, " + layout.params().mkString(", "));
        }
        int n = layout.params().size();
        Tensor[] t = new Tensor[declared.slots.size() * n];
        for (int s = 0; s < declared.slots.size(); s++) {
            double initial = declared.initials.get(s);
            for (int p = 0; p < n; p++) {
                Tensor like = params.get(layout.params().get(p));
                t[s * n + p] = initial == 0 ? Tensor.zeros(like.shape(), like.dtype())
                        : Tensor.full(like.shape(), initial, like.dtype());
            }
        }
        return new OptimizerState(layout, t, new long[layout.counted().size()]);
    }

    private void check(OptimizerState state) {
        if (state.layout() != layout && !state.layout().equals(layout)) {
            throw new IllegalArgumentException(who + ": the optimizer state does not fit this optimizer: it holds "
                    + describe(state.layout()) + ", the optimizer's state has " + describe(layout)
                    + "; was it made by another optimizer, or for another model's parameters?");
        }
    }

    private static String describe(OptimizerState.Layout l) {
        List<String> names = l.names();
        return names.isEmpty() ? "nothing" : names.mkString(", ") + " (parameters "
                + l.params().map(v -> v.name() + "#" + v.id()).mkString(", ") + ")";
    }
}
