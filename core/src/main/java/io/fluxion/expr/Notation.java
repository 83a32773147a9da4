package io.fluxion.expr;

/**
 * How an application of a primitive prints: as an infix operator, a prefix operator or a call.
 * Precedences: 1 for {@code + -}, 2 for {@code * /}, 3 for prefix minus, 4 for {@code ^}.
 */
public sealed interface Notation {

    /** Binding strength; atoms and calls bind tightest. */
    int precedence();

    /** An infix operator such as {@code a * b}; {@code ^} associates to the right, the others to the left. */
    record Infix(String symbol, int precedence, boolean associative) implements Notation {}

    /** A prefix operator such as {@code -a}. */
    record Prefix(String symbol, int precedence) implements Notation {}

    /** A call such as {@code sum(x, axis=1)}; {@code params} follows the arguments (empty if none). */
    record Call(String name, String params) implements Notation {
        @Override
        public int precedence() {
            return ATOM;
        }
    }

    /** The precedence of variables, constants and calls. */
    int ATOM = 9;

    /** A call with no parameters. */
    static Notation call(String name) {
        return new Call(name, "");
    }
}
