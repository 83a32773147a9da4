package io.fluxion.optim;

import io.fluxion.expr.Expr;
import io.vavr.collection.List;

/**
 * Sequential composition of transformations, as {@code optax.chain}: each part transforms the
 * updates the previous part returned, and keeps its state apart under its index ({@code 0.mu}).
 */
final class Chain {
    private Chain() {}

    static GradientTransformation of(GradientTransformation... parts) {
        return of(List.of(parts));
    }

    static GradientTransformation of(List<GradientTransformation> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("chain: needs at least one transformation");
        }
        return (updates, params, context) -> {
            Update done = Update.of(updates);
            for (int i = 0; i < parts.size(); i++) {
                List<Expr> in = done.updates();
                done = done.then(parts.get(i).update(in, params, context.part(String.valueOf(i))));
            }
            return done;
        };
    }
}
