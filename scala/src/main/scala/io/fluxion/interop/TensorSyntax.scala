package io.fluxion.interop

import io.fluxion.expr.Var
import io.fluxion.nn.Params
import io.fluxion.tensor.Tensor

/**
 * Arithmetic on tensors (`w - g * 0.1`, `x @@ w`, `t(1, 2)`) and on parameters
 * (`p - 0.1 * grads`, `p(w)`), each the Java method of the same meaning.
 */
trait TensorSyntax {

  /** The operators of a tensor `a`. */
  implicit class TensorOps(private val a: Tensor) {

    /** `a.plus(b)`, broadcasting. */
    def +(b: Tensor): Tensor = a.plus(b)

    /** `a.plus(c)`. */
    def +(c: Double): Tensor = a.plus(c)

    /** `a.minus(b)`, broadcasting. */
    def -(b: Tensor): Tensor = a.minus(b)

    /** `a.minus(c)`. */
    def -(c: Double): Tensor = a.minus(c)

    /** `a.times(b)`, elementwise, broadcasting. */
    def *(b: Tensor): Tensor = a.times(b)

    /** `a.times(c)`. */
    def *(c: Double): Tensor = a.times(c)

    /** `a.div(b)`, elementwise, broadcasting. */
    def /(b: Tensor): Tensor = a.div(b)

    /** `a.div(c)`. */
    def /(c: Double): Tensor = a.div(c)

    /** `a.negate()`. */
    def unary_- : Tensor = a.negate()

    /** `a.matmul(b)`, binding tighter than the other operators. */
    def @@(b: Tensor): Tensor = a.matmul(b)

    /** The element at `index`, one number per axis: `a.get(index)`. */
    def apply(index: Int*): Double = a.get(index: _*)
  }

  /** The operators of parameters `p`: the same variables' values, combined value by value. */
  implicit class ParamsOps(private val p: Params) {

    /** `p.plus(q)`: the same variables, in the same order, required. */
    def +(q: Params): Params = p.plus(q)

    /** `p.minus(q)`. */
    def -(q: Params): Params = p.minus(q)

    /** `p.times(c)`. */
    def *(c: Double): Params = p.times(c)

    /** `p.times(1 / c)`. */
    def /(c: Double): Params = p.times(1 / c)

    /** `p.times(-1)`. */
    def unary_- : Params = p.times(-1)

    /** The value of `v`: `p.get(v)`. */
    def apply(v: Var): Tensor = p.get(v)
  }
}
