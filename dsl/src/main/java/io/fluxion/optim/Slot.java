package io.fluxion.optim;

import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.vavr.collection.List;

/**
 * One tensor of a transformation's state per parameter, such as Adam's first moment: declared in
 * an update with {@link UpdateContext#zeros} or {@link UpdateContext#filled}, read through
 * {@link #values()}, and given its next value with {@link Update#with}.
 *
 * <pre>{@code Slot mu = context.zeros("mu");   Update.of(out).with(mu, newMu)}</pre>
 */
public final class Slot {
    private final String path;
    private final List<Var> vars;

    Slot(String path, List<Var> vars) {
        this.path = path;
        this.vars = vars;
    }

    /** The slot's values before the update, one per parameter in the parameters' order. */
    public List<Expr> values() {
        return vars.map(v -> (Expr) v);
    }

    /** Where the slot sits in the optimizer's state, such as {@code 0.mu} (part 0 of a chain). */
    public String path() {
        return path;
    }

    /** The variables the values are read through. */
    List<Var> vars() {
        return vars;
    }

    /** The slot's path. */
    @Override
    public String toString() {
        return path;
    }
}
