package io.fluxion.interop

import io.fluxion.expr.{Const, Expr}
import io.fluxion.nn.Params
import io.fluxion.tensor.Tensor

/**
 * A number on the left of an operator: `2.0 * x`, `1 - x`, `1 / t`, `0.5 * params`. Int, Long
 * and Float numbers widen to Double, as in Scala's own arithmetic. On a tensor the number takes
 * the tensor's shape and dtype; in an expression it is a weak constant, as on the right.
 */
trait NumberSyntax {

  /** The operators of a number `c` with Fluxion's values on the right. */
  implicit class NumberOps(private val c: Double) {

    /** `c + b`. */
    def +(b: Expr): Expr = Const.of(c).plus(b)

    /** `c - b`. */
    def -(b: Expr): Expr = Const.of(c).minus(b)

    /** `c * b`. */
    def *(b: Expr): Expr = Const.of(c).times(b)

    /** `c / b`. */
    def /(b: Expr): Expr = Const.of(c).div(b)

    /** `c + t`, elementwise. */
    def +(t: Tensor): Tensor = filled(t).plus(t)

    /** `c - t`, elementwise. */
    def -(t: Tensor): Tensor = filled(t).minus(t)

    /** `c * t`, elementwise. */
    def *(t: Tensor): Tensor = t.times(c)

    /** `c / t`, elementwise. */
    def /(t: Tensor): Tensor = filled(t).div(t)

    /** `c * p`, every parameter times c. */
    def *(p: Params): Params = p.times(c)

    private def filled(t: Tensor): Tensor = Tensor.full(t.shape(), c, t.dtype())
  }
}
