package io.fluxion.interp;

import io.fluxion.expr.Var;
import io.vavr.collection.List;

/**
 * Thrown when an expression or program runs without a value for some of its variables; lists them
 * all, and what is bound instead. Variables are matched by identity, not by name, so the message
 * says when a different variable of the same name is bound, the usual cause.
 */
public final class UnboundVariableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The variables that had no value. */
    private final transient List<Var> missing;

    /** An error listing every missing variable with its shape. */
    public UnboundVariableException(List<Var> missing) {
        super(missing(missing));
        this.missing = missing;
    }

    /** An error listing every missing variable with its shape, and what {@code bound} holds instead. */
    public UnboundVariableException(List<Var> missing, Bindings bound) {
        super(missing(missing) + instead(missing, bound.values().keySet().toList()));
        this.missing = missing;
    }

    /** The variables that had no value. */
    public List<Var> missing() {
        return missing;
    }

    private static String missing(List<Var> missing) {
        return "unbound variable" + (missing.size() > 1 ? "s" : "") + ": " + missing.map(UnboundVariableException::describe).mkString(", ");
    }

    private static String describe(Var v) {
        return v.name() + " " + v.shape();
    }

    private static String instead(List<Var> missing, List<Var> bound) {
        List<String> namesakes = missing.map(Var::name).filter(n -> bound.exists(b -> b.name().equals(n))).distinct();
        if (!namesakes.isEmpty()) {
            return "; a different variable named " + namesakes.map(n -> "'" + n + "'").mkString(", ")
                    + " is bound: variables are matched by identity, not by name, so bind the Var the expression "
                    + "was built with (the same object), or build the expression from the Var you bind";
        }
        return bound.isEmpty() ? "; nothing is bound" : "; bound: " + bound.map(UnboundVariableException::describe).mkString(", ");
    }
}
