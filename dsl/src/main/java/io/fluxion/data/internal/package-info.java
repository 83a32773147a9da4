/**
 * Fluxion's internals of {@code io.fluxion.data} for its own training code; not API, not exported
 * from the module.
 */
package io.fluxion.data.internal;
