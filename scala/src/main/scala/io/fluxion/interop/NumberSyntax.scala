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

  /** A Double on the left. */
  implicit class DoubleOps(c: Double) extends NumberOps(c)

  /** An Int on the left (Scala 3 does not widen a receiver `n: Int` to Double to find `DoubleOps`). */
  implicit class IntOps(c: Int) extends NumberOps(c.toDouble)

  /** A Long on the left. */
  implicit class LongOps(c: Long) extends NumberOps(c.toDouble)

  /** A Float on the left. */
  implicit class FloatOps(c: Float) extends NumberOps(c.toDouble)
}

/** The operators of a number `c` with Fluxion's values on the right. */
class NumberOps(c: Double) {

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
