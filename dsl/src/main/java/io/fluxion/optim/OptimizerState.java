package io.fluxion.optim;

import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.io.Serializable;
import java.util.Arrays;

/**
 * An optimizer's state, as optax's opaque state: the tensors of every {@link Slot} its
 * transformations declared (one per parameter) and the step count of each transformation that
 * reads one. A value, immutable and compared by value; made by {@link Optimizer#init} and
 * {@link Optimizer#update}, and read by name for checkpoints and inspection:
 * {@code state.entries()} holds {@code 0.mu.W} (part 0 of Adam's chain, its first moment of W)
 * and {@code 0.count}.
 */
public final class OptimizerState implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The name of a part's step count among the entries. */
    static final String COUNT = "count";

    /** Integers above this are not all representable as doubles. */
    private static final long EXACT = 1L << 53;

    /**
     * Which tensors a state holds: a slot's tensors for every parameter, in the parameters' order,
     * slot after slot, and the counts of the counted parts (a part's path, "" for the whole).
     */
    record Layout(List<Var> params, List<String> slots, List<String> counted) implements Serializable {
        /** The entry names, in order: the slots' then the counts'. */
        List<String> names() {
            return slots.flatMap(s -> params.map(p -> s + "." + p.name())).appendAll(counted.map(Layout::countName));
        }

        static String countName(String part) {
            return part.isEmpty() ? COUNT : part + "." + COUNT;
        }
    }

    private final Layout layout;
    private final Tensor[] tensors;
    private final long[] counts;

    OptimizerState(Layout layout, Tensor[] tensors, long[] counts) {
        this.layout = layout;
        this.tensors = tensors;
        this.counts = counts;
    }

    Layout layout() {
        return layout;
    }

    Tensor tensor(int i) {
        return tensors[i];
    }

    long count(int i) {
        return counts[i];
    }

    int tensorCount() {
        return tensors.length;
    }

    /**
     * The state's tensors by name: a slot's as {@code <slot path>.<variable name>}
     * ({@code 0.mu.W}), each count as a float64 scalar {@code <part>.count}.
     *
     * @throws IllegalArgumentException if two parameters share a name, so entries would collide
     */
    public LinkedHashMap<String, Tensor> entries() {
        List<String> names = layout.names();
        if (names.distinct().size() != names.size()) {
            throw new IllegalArgumentException("OptimizerState.entries: several parameters share a name ("
                    + layout.params().map(Var::name).mkString(", ") + "), so their entries would collide");
        }
        LinkedHashMap<String, Tensor> out = LinkedHashMap.empty();
        for (int i = 0; i < tensors.length; i++) {
            out = out.put(names.get(i), tensors[i]);
        }
        for (int i = 0; i < counts.length; i++) {
            out = out.put(names.get(tensors.length + i), Tensor.scalar(counts[i]));
        }
        return out;
    }

    /** Whether {@code entry} names one of this state's step counts rather than a slot's tensor. */
    public boolean isCount(String entry) {
        return layout.counted().map(Layout::countName).contains(entry);
    }

    /** A slot's tensors by its path ({@code 0.mu}), if the state has that slot. */
    public Option<Params> slot(String path) {
        int s = layout.slots().indexOf(path);
        if (s < 0) {
            return Option.none();
        }
        int n = layout.params().size();
        Params out = Params.empty();
        for (int p = 0; p < n; p++) {
            out = out.and(layout.params().get(p), tensors[s * n + p]);
        }
        return Option.some(out);
    }

    /** The number of updates the part at {@code part} ({@code "0"}, or {@code ""} for the whole) has made, if it counts them. */
    public Option<Long> count(String part) {
        int i = layout.counted().indexOf(part);
        return i < 0 ? Option.none() : Option.some(counts[i]);
    }

    /**
     * This state's layout holding {@code values} instead, each tensor converted to the dtype of
     * this state's, as a checkpoint is restored into the state an optimizer makes.
     *
     * @throws IllegalArgumentException naming the entries that are missing, extra, of another
     *     shape, or a count that is not a whole number
     */
    public OptimizerState withEntries(Map<String, Tensor> values) {
        LinkedHashMap<String, Tensor> expected = entries();
        List<String> missing = expected.keySet().toList().filter(k -> !values.containsKey(k));
        List<String> extra = values.keySet().toList().filter(k -> !expected.containsKey(k));
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalArgumentException("the entries " + describe(values.keySet().toList(), values)
                    + " do not fit the optimizer's state, " + describe(expected.keySet().toList(), expected)
                    + (missing.isEmpty() ? "" : "; missing: " + missing.mkString(", "))
                    + (extra.isEmpty() ? "" : "; not in the optimizer's state: " + extra.mkString(", ")));
        }
        List<String> names = layout.names();
        Tensor[] t = new Tensor[tensors.length];
        for (int i = 0; i < t.length; i++) {
            Tensor v = values.get(names.get(i)).get();
            if (!v.shape().equals(tensors[i].shape())) {
                throw new IllegalArgumentException("the entry '" + names.get(i) + "' has shape " + v.shape()
                        + " but the optimizer's state needs " + tensors[i].shape());
            }
            t[i] = v.to(tensors[i].dtype());
        }
        long[] c = new long[counts.length];
        for (int i = 0; i < c.length; i++) {
            String name = names.get(t.length + i);
            Tensor v = values.get(name).get();
            double d = v.shape().isScalar() ? v.item() : Double.NaN;
            if (!(d >= 0 && d <= EXACT && d == Math.rint(d))) {
                throw new IllegalArgumentException("the entry '" + name + "' holds "
                        + (v.shape().isScalar() ? String.valueOf(d) : "an array of shape " + v.shape())
                        + " where the optimizer keeps a step count (a whole number from 0)");
            }
            c[i] = (long) d;
        }
        return new OptimizerState(layout, t, c);
    }

    private static String describe(List<String> names, Map<String, Tensor> entries) {
        return names.isEmpty() ? "(none)" : names.map(n -> n + " " + entries.get(n).get().shape()).mkString(", ");
    }

    /** Equal when the layouts (parameters, slots, counted parts) and every tensor and count are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OptimizerState s && layout.equals(s.layout) && Arrays.equals(tensors, s.tensors)
                && Arrays.equals(counts, s.counts);
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return 31 * (31 * layout.hashCode() + Arrays.hashCode(tensors)) + Arrays.hashCode(counts);
    }

    /** The entries' names and shapes, and the counts: {@code OptimizerState(0.mu.W (2, 2), …, 0.count = 3)}. */
    @Override
    public String toString() {
        List<String> names = layout.names();
        List<String> parts = List.range(0, tensors.length).map(i -> names.get(i) + " " + tensors[i].shape())
                .appendAll(List.range(0, counts.length).map(i -> names.get(tensors.length + i) + " = " + counts[i]));
        return "OptimizerState(" + parts.mkString(", ") + ")";
    }
}
