package io.fluxion.optim;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.HashSet;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A transformation's update written as expressions, so that training can compile it into the
 * same program as the loss and its gradients and run a whole step as one program, as
 * {@code jax.jit(train_step)} does. The expressions read the parameters' variables, the incoming
 * updates and the {@link #inputs} (the state's tensors, and numbers such as the learning rate,
 * which are inputs rather than constants so that compilation evaluates the update exactly as
 * {@link GradientTransformation#update} does, without folding or reordering them).
 *
 * <pre>{@code
 * Var lr = Var.of("lr", Shape.scalar());
 * new SymbolicUpdate<>(updates.map(u -> u.times(lr)), List.of(lr), List.empty(),
 *         s -> List.of(Tensor.scalar(-0.1)), (s, outs) -> s)
 * }</pre>
 *
 * @param updates the outgoing updates, one per parameter in the parameters' order (for
 *     {@link Optimizer#symbolic}, the new parameters)
 * @param inputs the variables the expressions read besides the parameters and incoming updates
 * @param outputs the next state's tensors, as expressions
 * @param bind the values of {@code inputs}, in order, at a state; it throws what {@code update}
 *     would throw at that state (a bad scheduled learning rate)
 * @param next the next state, from the state before and the values of {@code outputs} in order
 * @param numbers the inputs that are numbers (a learning rate, a decay, a bias correction) rather
 *     than the state's tensors: {@code bind} gives them as float64 scalars and training binds
 *     them in the parameters' dtype, so that they are weak as a constant written in an expression
 *     is (JAX's weak types; PyTorch's Python floats): a float32 step stays float32, each number
 *     rounded to float32 once, as {@code Tensor.times(double)} rounds it in the tensor form
 * @param <S> the state type
 */
public record SymbolicUpdate<S>(List<Expr> updates, List<Var> inputs, List<Expr> outputs,
        Function<S, List<Tensor>> bind, BiFunction<S, List<Tensor>, S> next, Set<Var> numbers) {

    /** Checks that every part is present, and that the numbers are inputs. */
    public SymbolicUpdate {
        java.util.Objects.requireNonNull(updates, "SymbolicUpdate: updates");
        java.util.Objects.requireNonNull(inputs, "SymbolicUpdate: inputs");
        java.util.Objects.requireNonNull(outputs, "SymbolicUpdate: outputs");
        java.util.Objects.requireNonNull(bind, "SymbolicUpdate: bind");
        java.util.Objects.requireNonNull(next, "SymbolicUpdate: next");
        java.util.Objects.requireNonNull(numbers, "SymbolicUpdate: numbers");
        Option<Var> stray = numbers.find(v -> !inputs.contains(v));
        if (stray.isDefined()) {
            throw new IllegalArgumentException("SymbolicUpdate: number " + stray.get().name()
                    + " is not among the inputs " + inputs.map(Var::name).mkString(", "));
        }
    }

    /**
     * An update whose inputs are all bound as {@code bind} gives them (no {@link #numbers}): a
     * float64 number among them makes a float32 step compute in float64, as a float64 tensor would.
     */
    public SymbolicUpdate(List<Expr> updates, List<Var> inputs, List<Expr> outputs,
            Function<S, List<Tensor>> bind, BiFunction<S, List<Tensor>, S> next) {
        this(updates, inputs, outputs, bind, next, HashSet.empty());
    }

    /** The update of a stateless transformation: these updates, no inputs, the state kept. */
    static <S> SymbolicUpdate<S> stateless(List<Expr> updates) {
        return new SymbolicUpdate<>(updates, List.empty(), List.empty(), s -> List.empty(), (s, values) -> s);
    }

    /**
     * The values of {@link #inputs} at {@code state}, the {@link #numbers} in {@code dtype} (the
     * parameters' dtype; float64 leaves them as {@code bind} gives them).
     */
    public List<Tensor> bind(S state, DType dtype) {
        List<Tensor> values = bind.apply(state);
        if (dtype == DType.FLOAT64 || numbers.isEmpty()) {
            return values;
        }
        return inputs.zip(values).map(vt -> numbers.contains(vt._1) ? vt._2.to(dtype) : vt._2);
    }

    /** A fresh scalar input, for a number bound at every step. */
    static Var scalar(String name) {
        return Var.of(name, Shape.scalar());
    }

    /** The same update over another state type T, which {@code to} and {@code from} convert. */
    <T> SymbolicUpdate<T> withState(Function<T, S> to, Function<S, T> from) {
        return new SymbolicUpdate<>(updates, inputs, outputs, t -> bind.apply(to.apply(t)),
                (t, values) -> from.apply(next.apply(to.apply(t), values)), numbers);
    }

    /**
     * The parts' symbolic updates in turn, each fed the updates of the one before, as
     * {@link Chain} applies them; the state is the list of the parts' states. None if a part has
     * no symbolic form.
     */
    @SuppressWarnings("unchecked") // element i of the state list is part i's state, as Chain keeps it
    static Option<SymbolicUpdate<List<Object>>> chain(List<GradientTransformation<?>> parts, List<Var> params,
            List<Expr> updates) {
        List<SymbolicUpdate<Object>> done = List.empty();
        List<Expr> u = updates;
        for (GradientTransformation<?> part : parts) {
            Option<SymbolicUpdate<Object>> s = ((GradientTransformation<Object>) part).symbolic(params, u);
            if (s.isEmpty()) {
                return Option.none();
            }
            done = done.append(s.get());
            u = s.get().updates();
        }
        List<SymbolicUpdate<Object>> all = done;
        return Option.some(new SymbolicUpdate<>(u, all.flatMap(SymbolicUpdate::inputs),
                all.flatMap(SymbolicUpdate::outputs),
                states -> all.zip(states).flatMap(ps -> ps._1.bind().apply(ps._2)),
                (states, values) -> {
                    List<Object> next = List.empty();
                    List<Tensor> rest = values;
                    for (io.vavr.Tuple2<SymbolicUpdate<Object>, Object> ps : all.zip(states)) {
                        int n = ps._1.outputs().size();
                        next = next.append(ps._1.next().apply(ps._2, rest.take(n)));
                        rest = rest.drop(n);
                    }
                    return next;
                }, all.foldLeft(HashSet.<Var>empty(), (n, part) -> n.addAll(part.numbers()))));
    }
}
