package io.fluxion.example;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Runs a recipe with standard output captured, so a test can check what it printed; the output
 * is echoed afterwards, so a test report still shows it.
 *
 * @param result what the recipe returned
 * @param printed what it printed
 * @param <T> the recipe's result type
 */
record Capture<T>(T result, String printed) {
    static <T> Capture<T> of(Supplier<T> recipe) {
        PrintStream out = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        T result;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            result = recipe.get();
        } finally {
            System.setOut(out);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        return new Capture<>(result, printed);
    }
}
