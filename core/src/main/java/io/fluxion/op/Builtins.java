package io.fluxion.op;

import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.io.InvalidObjectException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * The parameterless built-in primitives by name, so that a serialized one arrives as the same
 * constant: the public static {@link Op} fields of the family classes. A family is listed here
 * rather than found on the class path (which differs between a directory, a jar and a module); a
 * test finds every {@code Op} constant declared in this package's sources and fails, naming it, if
 * its class is missing from {@code FAMILIES} or it does not come back from a serialization trip.
 */
final class Builtins {
    private Builtins() {}

    /** The family classes whose public static {@code Op} fields are built-ins (every class declaring any). */
    private static final List<Class<?>> FAMILIES = List.of(Arithmetic.class, Transcendental.class, Activation.class,
            Reduction.class, Structure.class, Linalg.class);

    private static final class Holder {
        static final Map<String, Op> BY_NAME = collect();
    }

    /** The built-in constant of this name, if there is one. */
    static Option<Op> named(String name) {
        return Holder.BY_NAME.get(name);
    }

    /** Every public static Op constant of the family classes. */
    private static Map<String, Op> collect() {
        Map<String, Op> out = HashMap.empty();
        for (Class<?> family : FAMILIES) {
            for (Field f : family.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && Op.class.isAssignableFrom(f.getType())) {
                    try {
                        Op op = (Op) f.get(null);
                        out = out.put(op.name(), op);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read " + family.getSimpleName() + "." + f.getName(), e);
                    }
                }
            }
        }
        return out;
    }

    /** The serialized form of a built-in primitive: its name. */
    record Ref(String name) implements Serializable {
        @Serial
        private Object readResolve() throws InvalidObjectException {
            return named(name).getOrElseThrow(() -> new InvalidObjectException(
                    "no built-in primitive is named '" + name + "' in this version of Fluxion"));
        }
    }
}
