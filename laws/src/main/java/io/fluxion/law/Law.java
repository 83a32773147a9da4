package io.fluxion.law;

import java.util.function.Function;
import org.quicktheories.core.Gen;

/**
 * A law is a value: a name plus a property over generated inputs. The property is a plain
 * function from an input to a {@link Report}, so a law can be run by any property engine;
 * {@link LawRunner} runs it with QuickTheories and {@link LawTests} turns it into a JUnit test.
 *
 * <pre>{@code
 * Law<Sample> l = Law.of("reverse gradient = finite differences", samples,
 *         s -> GradCheck.reverse(s.expr(), s.point(), s.variables(), Tensor.scalar(1), CheckOptions.defaults()));
 * }</pre>
 *
 * @param name what the law states
 * @param inputs the generator of inputs (QuickTheories shrinks failures through it)
 * @param property the check of one input
 * @param show how an input prints in a failure message
 * @param <T> the type of inputs
 */
public record Law<T>(String name, Gen<T> inputs, Function<? super T, Report> property, Function<? super T, String> show) {

    /** A law whose inputs print with {@code toString}. */
    public static <T> Law<T> of(String name, Gen<T> inputs, Function<? super T, Report> property) {
        return new Law<>(name, inputs, property, String::valueOf);
    }

    /** The report for one input; an exception thrown by the property becomes a problem in the report. */
    public Report check(T input) {
        try {
            return property.apply(input);
        } catch (RuntimeException | StackOverflowError e) {
            return Report.problem(name, "the check threw " + e);
        }
    }

    /** This law under another name. */
    public Law<T> named(String newName) {
        return new Law<>(newName, inputs, property, show);
    }
}
