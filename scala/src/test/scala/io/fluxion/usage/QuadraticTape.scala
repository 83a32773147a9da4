package io.fluxion.usage

import io.fluxion.interp.{Bindings, Tape}
import io.fluxion.syntax._

/**
 * Recipe S1 (the README's `QuadraticTape`) as a Scala user writes it: y = a x² + b x + c at
 * x = 0 with a = 1, b = -2, c = 1, its derivatives, and 1000 SGD steps of 0.01 in two styles.
 * Compiled from this one source by Scala 2.13 and Scala 3.
 */
object QuadraticTape {

  /**
   * The recipe's numbers: y(0), dy/dx(0), (dy/da, dy/db, dy/dc), d²y/dx², compiled f(0) and f(1),
   * the x of each SGD style; and dy/dx as text, of y written with operators and with Java's methods.
   */
  final case class Result(y0: Double, dydx: Double, abc: List[Double], d2ydx2: Double,
                          f0: List[Double], f1: List[Double], sgd: List[Double], text: String, javaText: String)

  def run(): Result = {
    val (x, a, b, c) = (variable("x"), variable("a"), variable("b"), variable("c"))
    val y = x.pow(2) * a + b * x + c
    val at = Bindings.of(x, 0.0).and(a, 1.0).and(b, -2.0).and(c, 1.0)

    val tape = Tape.record(y, at)
    val abc = tape.gradients(List(a, b, c)).toScala.map(_.item())
    val dydx = grad(y, x)
    val d2 = evaluate(grad(dydx, x), at).item()

    val f = compile(dydx, y)
    val List(f0, f1) = List(0.0, 1.0).map(x0 => f.run(at.and(x, x0)).toScala.map(_.item()))

    val (lr, steps) = (0.01, 1000)
    // A fresh tape each step, as TensorFlow's loop does.
    var x1 = 0.0
    for (_ <- 1 to steps) x1 -= lr * Tape.record(y, at.and(x, x1)).gradient(x).item()
    // The gradient compiled once, the loop a fold.
    val g = compile(dydx)
    val x2 = (1 to steps).foldLeft(0.0)((v, _) => v - lr * g.run(at.and(x, v)).head().item())

    Result(tape.value().item(), tape.gradient(x).item(), abc, d2, f0, f1, List(x1, x2), show(simplify(dydx)),
      show(simplify(grad(x.pow(2).times(a).plus(b.times(x)).plus(c), x))))
  }
}
