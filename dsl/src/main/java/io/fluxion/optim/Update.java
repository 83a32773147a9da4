package io.fluxion.optim;

import io.fluxion.expr.Expr;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.util.Objects;

/**
 * What a {@link GradientTransformation#update} returns: the outgoing updates, and the next value
 * of each state {@link Slot} it changes, as optax's {@code (updates, state)} pair written over
 * expressions. A slot given no next value keeps its value.
 *
 * <pre>{@code return Update.of(buf).with(trace, buf);}</pre>
 *
 * @param updates the outgoing updates, one per parameter in the parameters' order
 * @param next the next values of the slots that change, one expression per parameter each
 */
public record Update(List<Expr> updates, LinkedHashMap<Slot, List<Expr>> next) {

    /** Checks that every part is present. */
    public Update {
        Objects.requireNonNull(updates, "Update: updates");
        Objects.requireNonNull(next, "Update: next");
    }

    /** These updates, no state changed: {@code Update.of(updates.map(u -> u.times(k)))}. */
    public static Update of(List<Expr> updates) {
        return new Update(updates, LinkedHashMap.empty());
    }

    /**
     * This update also giving {@code slot} these next values.
     *
     * @throws IllegalArgumentException if the slot already has next values here
     */
    public Update with(Slot slot, List<Expr> values) {
        if (next.containsKey(slot)) {
            throw new IllegalArgumentException("Update.with: slot " + slot + " is given its next values twice");
        }
        return new Update(updates, next.put(slot, values));
    }

    /** {@code after}'s updates, with this update's next values and {@code after}'s: a chain of the two. */
    Update then(Update after) {
        Update out = new Update(after.updates, next);
        for (var e : after.next) {
            out = out.with(e._1, e._2);
        }
        return out;
    }
}
