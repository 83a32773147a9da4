package io.fluxion.train;

import io.fluxion.optim.OptimizerState;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import java.nio.file.Path;

/**
 * An optimizer's state as a checkpoint's entries, and back: its {@link OptimizerState#entries()}
 * under the prefix {@code optimizer:} ({@code optimizer:0.mu.W}, Adam's first moment of W, and
 * {@code optimizer:0.count}). Restoring puts the saved values into the state the optimizer's
 * {@code init} makes for the same parameters, each converted to the dtype of that state's
 * tensor; so the file names no Java class, and a checkpoint of another optimizer shows up as
 * entries that do not match.
 */
final class StateEntries {
    /** The prefix of every entry of the optimizer's state. */
    static final String ROOT = "optimizer:";

    private StateEntries() {}

    /** The state's entries, prefixed. */
    static LinkedHashMap<String, Tensor> flatten(OptimizerState state) {
        return state.entries().mapKeys(k -> ROOT + k);
    }

    /**
     * {@code template} holding the values of {@code entries}.
     *
     * @throws IllegalArgumentException naming {@code file} when the entries and the template's
     *     differ in names or shapes, or a count is not a whole number
     */
    static OptimizerState restore(OptimizerState template, Map<String, Tensor> entries, Path file) {
        LinkedHashMap<String, Tensor> expected = flatten(template);
        List<String> missing = expected.keySet().toList().filter(k -> !entries.containsKey(k));
        List<String> extra = entries.keySet().toList().filter(k -> !expected.containsKey(k));
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalArgumentException("Checkpoint: the optimizer state in " + file + " does not fit this "
                    + "training's optimizer: the file holds " + describe(entries.keySet().toList(), entries)
                    + ", the optimizer's state has " + describe(expected.keySet().toList(), expected)
                    + "; was it saved with another optimizer?");
        }
        for (var e : expected) {
            Tensor saved = entries.get(e._1).get();
            if (!saved.shape().equals(e._2.shape())) {
                throw new IllegalArgumentException("Checkpoint: in " + file + ", the optimizer state entry '" + e._1
                        + "' has shape " + saved.shape() + " but this training's optimizer needs " + e._2.shape());
            }
            if (template.isCount(e._1.substring(ROOT.length()))) {
                double v = saved.item();
                if (!(v >= 0 && v == Math.rint(v) && v <= 1L << 53)) {
                    throw new IllegalArgumentException("Checkpoint: in " + file + ", the optimizer state entry '" + e._1
                            + "' holds " + v + " where the optimizer keeps a count (a whole number from 0)");
                }
            }
        }
        return template.withEntries(entries.mapKeys(k -> k.substring(ROOT.length())));
    }

    private static String describe(List<String> names, Map<String, Tensor> entries) {
        return names.isEmpty() ? "no entries"
                : names.map(n -> n + " " + entries.get(n).get().shape()).mkString(", ");
    }

    /** Whether {@code name} is the name of an optimizer-state entry rather than a parameter. */
    static boolean isStateEntry(String name) {
        return name.startsWith(ROOT);
    }
}
