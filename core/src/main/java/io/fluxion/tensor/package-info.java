/**
 * Shapes and immutable tensors of any rank, and the shared strided loops (broadcasting, reductions
 * over axes, permutations, batched BLAS products) that kernels build on. Depends on no other
 * Fluxion package, except that {@code Tensor}'s eager operations ({@code matmul}, {@code sum(axes)},
 * {@code exp}, …) run the primitives, through expressions on constants, in one package-private
 * class; {@link io.fluxion.tensor.Storage} is the documented way for a kernel to reach storage.
 */
package io.fluxion.tensor;
