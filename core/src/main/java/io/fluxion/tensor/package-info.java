/**
 * Shapes and immutable tensors of any rank, and the shared strided loops (broadcasting, reductions
 * over axes, permutations, batched BLAS products) that kernels build on. Depends on no other
 * Fluxion package; {@link io.fluxion.tensor.Storage} is the documented way for a kernel to reach
 * storage.
 */
package io.fluxion.tensor;
