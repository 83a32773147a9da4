package io.fluxion.nn;

import io.fluxion.expr.Var;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.io.Serializable;
import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The parameters of a model: an immutable, ordered map from each {@link Var} to its value, with
 * the element-wise arithmetic that optimizers need. Every value has its variable's shape; this is
 * checked whenever a value enters.
 *
 * <pre>{@code
 * Params p = Params.of(w, Tensor.zeros(w.shape())).and(b, Tensor.zeros(b.shape()));
 * Params next = p.minus(grads.times(0.1));
 * }</pre>
 *
 * <p>{@link #toString()} lists the variables and their shapes, never the values.
 */
public final class Params implements Serializable {
    /** The version of the serialized form. */
    private static final long serialVersionUID = 1L;
    private static final Params EMPTY = new Params(LinkedHashMap.empty());

    /** Each variable's value, in the order the variables were added. */
    private final LinkedHashMap<Var, Tensor> entries;

    private Params(LinkedHashMap<Var, Tensor> entries) {
        this.entries = entries;
    }

    /** No parameters. */
    public static Params empty() {
        return EMPTY;
    }

    /** One parameter: {@code Params.of(w, Tensor.zeros(w.shape()))}. */
    public static Params of(Var v, Tensor value) {
        return EMPTY.and(v, value);
    }

    /**
     * These parameters and one more, placed last.
     *
     * @throws IllegalArgumentException if the value's shape is not {@code v}'s, or {@code v} is
     *     already present
     */
    public Params and(Var v, Tensor value) {
        if (entries.containsKey(v)) {
            throw new IllegalArgumentException("Params.and: variable " + describe(v) + " is already present");
        }
        return new Params(entries.put(v, checked("Params.and", v, value)));
    }

    /**
     * The value of {@code v}.
     *
     * @throws IllegalArgumentException if {@code v} is absent
     */
    public Tensor get(Var v) {
        return entries.get(v).getOrElseThrow(() -> new IllegalArgumentException(
                "Params.get: no value for variable " + describe(v) + "; the parameters are "
                        + vars().map(Params::describe).mkString(", ")));
    }

    /** The variables, in the order they were added. */
    public List<Var> vars() {
        return List.ofAll(entries.keySet());
    }

    /** The values, in the order of {@link #vars()}. */
    public List<Tensor> values() {
        return List.ofAll(entries.values());
    }

    /** The ordered map itself (immutable), for example to make {@code Bindings.of(p.toMap())}. */
    public LinkedHashMap<Var, Tensor> toMap() {
        return entries;
    }

    /** The number of parameters (variables). */
    public int size() {
        return entries.size();
    }

    /** The number of scalar elements over all parameters: 7850 for W (784, 10) and b (10). */
    public long count() {
        return values().map(t -> (long) t.shape().size()).fold(0L, Long::sum);
    }

    /** Zeros in the shape and dtype of every parameter, as {@code torch.zeros_like}. */
    public Params zerosLike() {
        return map(t -> Tensor.zeros(t.shape(), t.dtype()));
    }

    /**
     * Every value converted to {@code dtype}, as PyTorch's {@code model.to(torch.float32)}: a value
     * of that dtype already is kept as it is, float64 to float32 rounds to nearest, float32 to
     * float64 is exact: {@code params.to(DType.FLOAT32)}.
     */
    public Params to(DType dtype) {
        java.util.Objects.requireNonNull(dtype, "Params.to: dtype");
        return map(t -> t.to(dtype));
    }

    /**
     * The dtype all the values share, or none when they have several (or there are none): training
     * computes in the parameters' dtype.
     */
    public Option<DType> dtype() {
        // A loop, not a distinct list: a training step asks this of its parameters every step.
        java.util.Iterator<Tensor> values = entries.values().iterator();
        if (!values.hasNext()) {
            return Option.none();
        }
        DType first = values.next().dtype();
        while (values.hasNext()) {
            if (values.next().dtype() != first) {
                return Option.none();
            }
        }
        return Option.some(first);
    }

    /**
     * {@code f} applied to every value.
     *
     * @throws IllegalArgumentException if {@code f} changes a value's shape
     */
    public Params map(UnaryOperator<Tensor> f) {
        return new Params(entries.map((v, t) -> Tuple.of(v, checked("Params.map", v, f.apply(t)))));
    }

    /**
     * {@code f(this[v], other[v])} for every variable v, in this order.
     *
     * @throws IllegalArgumentException naming the first variable that is not in both, or if
     *     {@code f} changes a value's shape
     */
    public Params zipWith(Params other, BinaryOperator<Tensor> f) {
        Option<String> why = mismatch(other, "these parameters", "the other parameters");
        if (why.isDefined()) {
            throw new IllegalArgumentException("Params.zipWith: " + why.get());
        }
        return new Params(entries.map((v, t) ->
                Tuple.of(v, checked("Params.zipWith", v, f.apply(t, other.get(v))))));
    }

    /**
     * Empty when {@code other} holds exactly the same variables (in any order); otherwise a
     * sentence naming the first variable that differs, calling these parameters {@code ours} and
     * the other {@code theirs}, for an error message.
     */
    public Option<String> mismatch(Params other, String ours, String theirs) {
        Option<Var> missing = vars().find(v -> !other.entries.containsKey(v));
        if (missing.isDefined()) {
            Var v = missing.get();
            // Making a variable twice gives two different variables of the same name: say so,
            // since the names alone would look equal.
            String namesake = other.vars().find(o -> o.name().equals(v.name()))
                    .map(o -> "; " + theirs + " hold another variable of that name, " + describe(o)).getOrElse("");
            return Option.some(theirs + " have no value for " + describe(v) + namesake);
        }
        return other.vars().find(v -> !entries.containsKey(v))
                .map(v -> theirs + " hold " + describe(v) + ", which " + ours + " do not");
    }

    /** These plus {@code other}, variable by variable. */
    public Params plus(Params other) {
        return zipWith(other, Tensor::plus);
    }

    /** These minus {@code other}, variable by variable. */
    public Params minus(Params other) {
        return zipWith(other, Tensor::minus);
    }

    /** Every value times {@code c}. */
    public Params times(double c) {
        return map(t -> t.times(c));
    }

    /**
     * The square root of the sum of the squares of all elements of all parameters, as
     * {@code optax.global_norm}; 0 for no parameters.
     */
    public double globalNorm() {
        return Math.sqrt(values().map(t -> t.times(t).sum()).fold(0.0, Double::sum));
    }

    /** Whether every element of every parameter is finite (no NaN, no infinity), as {@code jnp.isfinite(p).all()} over all. */
    public boolean allFinite() {
        return values().forAll(t -> java.util.Arrays.stream(t.toArray()).allMatch(Double::isFinite));
    }

    /** Equal when the same variables, in the same order, hold equal tensors. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && vars().equals(p.vars()) && values().equals(p.values());
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** One line per variable, its name and shape: {@code "W (784, 10)\nb (10)"}; never the values. */
    @Override
    public String toString() {
        return vars().map(Params::describe).mkString("\n");
    }

    private static Tensor checked(String who, Var v, Tensor value) {
        if (!Arrays.equals(v.shape().dims(), value.shape().dims())) {
            throw new IllegalArgumentException(who + ": variable " + v.name() + " has shape "
                    + format(v.shape()) + " but its value has shape " + format(value.shape()));
        }
        return value;
    }

    private static String describe(Var v) {
        return v.name() + " " + format(v.shape());
    }

    // Formatted from dims() rather than Shape.toString(), so the listing stays "(784, 10)" whatever
    // the shape class prints.
    private static String format(Shape s) {
        return Arrays.stream(s.dims()).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
