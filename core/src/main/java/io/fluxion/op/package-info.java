/**
 * The built-in primitives, by family ({@code Arithmetic}, {@code Transcendental}, {@code Activation},
 * {@code Reduction}, {@code Structure}, {@code Linalg}), the combinators that declare them
 * ({@code Elementwise}, {@code Linear}, {@code Bilinear}), the kernels particular to each family,
 * and the {@code Catalogue} that lists them all. Depends on {@code expr} and {@code tensor} only.
 */
package io.fluxion.op;
