package io.fluxion.train;

import io.fluxion.expr.Var;
import io.fluxion.nn.Params;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;

/**
 * An optimizer's state as named tensors, for checkpoints, and back: the state is walked as a tree
 * (as JAX walks a pytree) whose inner nodes are records (by component name), Vavr tuples
 * ({@code _1}, {@code _2}, …), Vavr lists (by index) and {@link Params} (by variable name), and
 * whose leaves are tensors and numbers (stored as scalars). {@code AdamState} inside an Adam
 * chain becomes {@code optimizer:_1.count}, {@code optimizer:_1.mu.W}, {@code optimizer:_1.nu.W}.
 *
 * <p>Restoring walks a template, the state the optimizer's {@code init} makes for the same
 * parameters, and puts the saved values in its leaves, each converted to the dtype of the
 * template's tensor; so the file names no Java class, and a checkpoint of another optimizer
 * shows up as entries that do not match.
 */
final class StateEntries {
    /** The prefix of every entry of the optimizer's state. */
    static final String ROOT = "optimizer:";

    /** Integers above this are not all representable as doubles. */
    private static final long EXACT = 1L << 53;

    private StateEntries() {}

    /**
     * The leaves of {@code state}, in walking order.
     *
     * @throws IllegalArgumentException naming the path of a node of a kind a checkpoint cannot hold
     */
    static LinkedHashMap<String, Tensor> flatten(Object state) {
        LinkedHashMap<String, Tensor> out = LinkedHashMap.empty();
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
        todo.push(new Object[] {ROOT, state});
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            String path = (String) next[0];
            Object node = next[1];
            if (node instanceof Tensor t) {
                out = out.put(path, t);
            } else if (node instanceof Long || node instanceof Integer) {
                long v = ((Number) node).longValue();
                if (Math.abs(v) > EXACT) {
                    throw unsupported(path, node, "the integer " + v + " is beyond the 2^53 a float64 holds exactly");
                }
                out = out.put(path, Tensor.scalar(v));
            } else if (node instanceof Double d) {
                out = out.put(path, Tensor.scalar(d));
            } else {
                // Children pushed in reverse, so that they come off the stack in order.
                List<Object[]> children = children(path, node);
                for (Object[] c : children.reverse()) {
                    todo.push(c);
                }
            }
        }
        return out;
    }

    /** The (path, child) pairs of an inner node, in order. */
    private static List<Object[]> children(String path, Object node) {
        if (node instanceof Params p) {
            return p.vars().map(v -> new Object[] {child(path, v.name()), p.get(v)});
        }
        if (node instanceof io.vavr.Tuple t) {
            return t.toSeq().toList().zipWithIndex().map(ci -> new Object[] {child(path, "_" + (ci._2 + 1)), ci._1});
        }
        if (node instanceof List<?> l) {
            return l.zipWithIndex().map(ci -> new Object[] {child(path, String.valueOf(ci._2)), (Object) ci._1});
        }
        if (node != null && node.getClass().isRecord()) {
            return List.of(node.getClass().getRecordComponents()).map(c -> new Object[] {child(path, c.getName()),
                    component(node, c)});
        }
        throw unsupported(path, node, "a checkpoint holds records, Vavr tuples and lists, Params, tensors and numbers");
    }

    /**
     * {@code template} with every leaf replaced by the entry of its path.
     *
     * @throws IllegalArgumentException naming {@code file} when the entries and the template's
     *     leaves differ in names or shapes
     */
    static Object restore(Object template, Map<String, Tensor> entries, Path file) {
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
            Shape saved = entries.get(e._1).get().shape();
            if (!saved.equals(e._2.shape())) {
                throw new IllegalArgumentException("Checkpoint: in " + file + ", the optimizer state entry '" + e._1
                        + "' has shape " + saved + " but this training's optimizer needs " + e._2.shape());
            }
        }
        return rebuild(ROOT, template, entries, file);
    }

    // Recursive over the state's own nesting (a chain of a few transformations, a record, its
    // Params): a handful of levels however large the model, unlike an expression's depth.
    private static Object rebuild(String path, Object node, Map<String, Tensor> entries, Path file) {
        if (node instanceof Tensor t) {
            // In the dtype the optimizer keeps, as PyTorch casts a loaded state to its parameter's.
            return entries.get(path).get().to(t.dtype());
        }
        if (node instanceof Long || node instanceof Integer || node instanceof Double) {
            double v = entries.get(path).get().item();
            if (node instanceof Double) {
                return v;
            }
            if (v != Math.rint(v) || Math.abs(v) > EXACT) {
                throw new IllegalArgumentException("Checkpoint: in " + file + ", the optimizer state entry '" + path
                        + "' holds " + v + " where the optimizer keeps a count (a whole number)");
            }
            return node instanceof Long ? (Object) (long) v : (Object) (int) v;
        }
        if (node instanceof Params p) {
            Params out = Params.empty();
            for (Var v : p.vars()) {
                out = out.and(v, entries.get(child(path, v.name())).get().to(p.get(v).dtype()));
            }
            return out;
        }
        List<Object[]> children = children(path, node);
        Object[] values = children.map(c -> rebuild((String) c[0], c[1], entries, file)).toJavaArray();
        if (node instanceof List) {
            return List.of(values);
        }
        return construct(path, node, values);
    }

    /** A tuple or record of {@code node}'s class holding {@code values}, made by its canonical constructor. */
    private static Object construct(String path, Object node, Object[] values) {
        try {
            Constructor<?> c;
            if (node instanceof io.vavr.Tuple t) {
                Class<?>[] objects = new Class<?>[t.arity()];
                java.util.Arrays.fill(objects, Object.class);
                c = node.getClass().getConstructor(objects);
            } else {
                c = node.getClass().getDeclaredConstructor(List.of(node.getClass().getRecordComponents())
                        .map(RecordComponent::getType).toJavaArray(Class<?>[]::new));
                c.setAccessible(true);
            }
            return c.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("Checkpoint: the optimizer state at '" + path + "' ("
                    + node.getClass().getName() + ") refuses the saved values: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unsupported(path, node, "its constructor cannot be called (" + e + ")");
        }
    }

    private static Object component(Object record, RecordComponent c) {
        try {
            java.lang.reflect.Method m = c.getAccessor();
            m.setAccessible(true);
            return m.invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unsupported(c.getName(), record, "its component " + c.getName() + " cannot be read (" + e + ")");
        }
    }

    private static String child(String path, String name) {
        return path.endsWith(":") ? path + name : path + "." + name;
    }

    private static IllegalArgumentException unsupported(String path, Object node, String why) {
        String kind = node == null ? "null" : "a " + node.getClass().getName();
        return new IllegalArgumentException("Checkpoint: the optimizer state holds " + kind + " at '" + path
                + "', which a checkpoint cannot store: " + why);
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
