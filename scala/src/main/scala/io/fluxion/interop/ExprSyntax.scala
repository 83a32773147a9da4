package io.fluxion.interop

import io.fluxion.expr.Expr

/**
 * Arithmetic on expressions: `x * x - 2.0 * x + 1`, `-x`, `x @@ w + b` (matrix product), and
 * the elementwise comparisons `x < y`, `x > 0`, each the `Expr` method of the same meaning
 * (`plus`, `minus`, `times`, `div`, `negate`, `matmul`, `lt`, `gt`). A number is a weak
 * constant, as in the Java API: it takes the dtype of the expression it meets.
 */
trait ExprSyntax {

  /** The operators of an expression `a`. */
  implicit class ExprOps(private val a: Expr) {

    /** `a.plus(b)`. */
    def +(b: Expr): Expr = a.plus(b)

    /** `a.plus(c)`. */
    def +(c: Double): Expr = a.plus(c)

    /** `a.minus(b)`. */
    def -(b: Expr): Expr = a.minus(b)

    /** `a.minus(c)`. */
    def -(c: Double): Expr = a.minus(c)

    /** `a.times(b)`, elementwise. */
    def *(b: Expr): Expr = a.times(b)

    /** `a.times(c)`. */
    def *(c: Double): Expr = a.times(c)

    /** `a.div(b)`, elementwise. */
    def /(b: Expr): Expr = a.div(b)

    /** `a.div(c)`. */
    def /(c: Double): Expr = a.div(c)

    /** `a.negate()`. */
    def unary_- : Expr = a.negate()

    /** `a.matmul(b)`: binds tighter than every other operator here (`@` is Scala's highest class). */
    def @@(b: Expr): Expr = a.matmul(b)

    /** `a.lt(b)`: 1 where a < b, else 0. */
    def <(b: Expr): Expr = a.lt(b)

    /** `a < c` for a number c. */
    def <(c: Double): Expr = a.lt(io.fluxion.expr.Const.of(c))

    /** `a.gt(b)`: 1 where a > b, else 0. */
    def >(b: Expr): Expr = a.gt(b)

    /** `a > c` for a number c. */
    def >(c: Double): Expr = a.gt(io.fluxion.expr.Const.of(c))
  }
}
