package io.fluxion.interp;

import io.fluxion.expr.Var;
import io.vavr.collection.List;

/** Thrown when an expression or program runs without a value for some of its variables; lists them all. */
public final class UnboundVariableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The variables that had no value. */
    private final transient List<Var> missing;

    /** An error listing every missing variable with its shape. */
    public UnboundVariableException(List<Var> missing) {
        super("unbound variable" + (missing.size() > 1 ? "s" : "") + ": "
                + missing.map(v -> v.name() + " " + v.shape()).mkString(", "));
        this.missing = missing;
    }

    /** The variables that had no value. */
    public List<Var> missing() {
        return missing;
    }
}
