package io.fluxion.train;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/** Whether a stream is shown on a terminal, where redrawing a line in place works. */
final class Terminal {
    private Terminal() {}

    /** Whether {@code out} is standard output and standard output is a terminal. */
    static boolean shows(PrintStream out) {
        return out == System.out && standardOutputIsTerminal();
    }

    /**
     * From JDK 22 {@code System.console()} exists even when output is redirected, and
     * {@code Console.isTerminal()} (absent from JDK 21, which Fluxion compiles for, hence the
     * reflection) tells; on JDK 21 a console exists only when input and output are a terminal.
     */
    static boolean standardOutputIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException jdk21) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
