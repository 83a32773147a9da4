/**
 * Shapes and immutable tensors of any rank, and the shared strided loops (broadcasting, reductions
 * over axes, permutations, batched BLAS products) that kernels build on. Depends on no other
 * Fluxion package, except that {@code Tensor}'s eager operations ({@code matmul}, {@code sum(axes)},
 * {@code exp}, …) run the primitives, through expressions on constants, in one package-private
 * class. A tensor's storage is never given out: {@link io.fluxion.tensor.KernelCall} is the documented
 * way for a kernel of yours to reach its own call's storage, during the call.
 */
package io.fluxion.tensor;
