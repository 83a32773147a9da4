package io.fluxion.law;

import io.vavr.collection.List;

/**
 * A named group of laws, built by functions such as {@link GradientLaws#of(java.util.function.Function, Domain)}
 * and run together, for example as one JUnit {@code @TestFactory} through {@link LawTests}.
 *
 * @param name what the laws are about
 * @param laws the laws
 */
public record Suite(String name, List<Law<?>> laws) {

    /** A suite of the given laws. */
    public static Suite of(String name, Law<?>... laws) {
        return new Suite(name, List.of(laws));
    }

    /** This suite with one more law. */
    public Suite and(Law<?> law) {
        return new Suite(name, laws.append(law));
    }

    /** This suite with the laws of another (names are kept). */
    public Suite and(Suite other) {
        return new Suite(name, laws.appendAll(other.laws));
    }

    /** The law of the given name, if there is one. */
    public io.vavr.control.Option<Law<?>> law(String lawName) {
        return laws.find(l -> l.name().equals(lawName));
    }

    /** The names of the laws, in order. */
    public List<String> names() {
        return laws.map(Law::name);
    }
}
