/**
 * Fluxion's user API: the {@code Dsl} facade ({@code io.fluxion.dsl}), models, layers and losses
 * ({@code io.fluxion.nn}), optimizers ({@code io.fluxion.optim}), training ({@code io.fluxion.train})
 * and datasets ({@code io.fluxion.data}). It brings the core, whose API it uses in its own.
 */
module io.fluxion.dsl {
    requires transitive io.fluxion.core;

    exports io.fluxion.dsl;
    exports io.fluxion.nn;
    exports io.fluxion.optim;
    exports io.fluxion.train;
    exports io.fluxion.data;
}
