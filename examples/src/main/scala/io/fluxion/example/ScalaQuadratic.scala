package io.fluxion.example

import io.fluxion.interp.{Bindings, Tape}
import io.fluxion.syntax.*

/** Recipe S1's first steps written in Scala 3 with fluxion-scala's operators: y = x² - 2x + 1. */
object ScalaQuadratic:
  /** (y(0), dy/dx at 0, d²y/dx², the simplified derivative as text). */
  def run(): (Double, Double, Double, String) =
    val x = variable("x")
    val y = x * x - 2 * x + 1
    val at = Bindings.of(x, 0.0)
    val tape = Tape.record(y, at)
    val dydx = grad(y, x)
    (tape.value().item(), tape.gradient(x).item(), evaluate(grad(dydx, x), at).item(), show(simplify(dydx)))

  def main(args: Array[String]): Unit =
    val (y0, g0, h, text) = run()
    println(s"Scala 3: y(0) = $y0, dy/dx = $g0 (= $text), d2y/dx2 = $h")
