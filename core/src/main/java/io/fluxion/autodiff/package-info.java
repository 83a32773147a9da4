/**
 * Derivatives of whole expressions built from the interpreters: gradients of a scalar, Jacobians
 * and Hessians of any rank. It sits on top of {@code interp} and {@code op} (a Jacobian stacks one
 * vector-Jacobian product per output element), so that library code and the {@code Dsl} facade
 * share one definition.
 */
package io.fluxion.autodiff;
