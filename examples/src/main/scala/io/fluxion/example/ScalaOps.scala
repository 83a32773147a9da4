package io.fluxion.example

import io.fluxion.expr.Expr

/** Operators on Fluxion expressions for Scala 3, which does not decode Java's `$plus` names (scala/scala3#4534). */
object ScalaOps:
  extension (a: Expr)
    def +(b: Expr): Expr = a.plus(b)
    def -(b: Expr): Expr = a.minus(b)
    def *(b: Expr): Expr = a.times(b)
    def /(b: Expr): Expr = a.div(b)
    def +(c: Double): Expr = a.plus(c)
    def -(c: Double): Expr = a.minus(c)
    def *(c: Double): Expr = a.times(c)
    def /(c: Double): Expr = a.div(c)
    def unary_- : Expr = a.negate()
