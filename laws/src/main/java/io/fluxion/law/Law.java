package io.fluxion.law;

import io.vavr.collection.Stream;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/**
 * A law is a value: a name plus a property over generated inputs. The property is a plain
 * function from an input to a {@link Report}, so a law can be run by any property engine;
 * {@link LawRunner} runs it with QuickTheories and {@link LawTests} turns it into a JUnit test.
 *
 * <p>A failing input is shrunk twice: by QuickTheories, through the draws of the generator, and
 * then by the law's own {@code shrink}, which proposes structurally smaller inputs (such as an
 * expression with a node replaced by one of its arguments), simplest first.
 *
 * <pre>{@code
 * Law<Sample> l = Law.of("reverse gradient = finite differences", samples,
 *         s -> GradCheck.reverse(s.expr(), s.point(), s.variables(), Tensor.scalar(1), CheckOptions.defaults()))
 *     .withShrink(Sample::smaller);
 * }</pre>
 *
 * @param name what the law states
 * @param inputs the generator of inputs
 * @param property the check of one input
 * @param show how an input prints in a failure message
 * @param shrink smaller inputs to try in place of a failing one, simplest first
 * @param <T> the type of inputs
 */
public record Law<T>(String name, Gen<T> inputs, Function<? super T, Report> property,
        Function<? super T, String> show, Function<? super T, Stream<T>> shrink) {

    /** A law whose inputs print with {@code toString} and are shrunk only through the generator. */
    public static <T> Law<T> of(String name, Gen<T> inputs, Function<? super T, Report> property) {
        return new Law<>(name, inputs, property, String::valueOf, t -> Stream.empty());
    }

    /**
     * The report for one input, under the law's name; an exception thrown by the property becomes a
     * problem in the report.
     */
    public Report check(T input) {
        try {
            return property.apply(input).named(name);
        } catch (RuntimeException | StackOverflowError e) {
            return Report.problem(name, "the check threw " + e);
        }
    }

    /** This law under another name. */
    public Law<T> named(String newName) {
        return new Law<>(newName, inputs, property, show, shrink);
    }

    /** This law printing its inputs with {@code newShow}. */
    public Law<T> withShow(Function<? super T, String> newShow) {
        return new Law<>(name, inputs, property, newShow, shrink);
    }

    /** This law shrinking a failing input structurally through {@code newShrink}. */
    public Law<T> withShrink(Function<? super T, Stream<T>> newShrink) {
        return new Law<>(name, inputs, property, show, newShrink);
    }
}
