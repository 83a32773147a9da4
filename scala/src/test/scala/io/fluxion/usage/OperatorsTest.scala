package io.fluxion.usage

import io.fluxion.expr.Expr
import io.fluxion.interp.Bindings
import io.fluxion.nn.Params
import io.fluxion.syntax._
import io.fluxion.tensor.{DType, Shape, Tensor}
import org.junit.jupiter.api.Assertions.{assertEquals, assertNotEquals, assertTrue}
import org.junit.jupiter.api.Test

/** Operators on expressions, tensors and parameters, numbers on either side, and Scala's precedence. */
class OperatorsTest {
  private val x = variable("x")
  private val at = Bindings.of(x, 3.0)

  private def value(e: Expr, bindings: Bindings = at): Double = evaluate(e, bindings).item()

  @Test def numbersOnEitherSide(): Unit = {
    assertEquals(5.0, value(2.0 * x - 1), 0.0)
    assertEquals(5.0, value(2 * x - 1), 0.0)
    assertEquals(-2.0, value(1 - x), 0.0)
    assertEquals(4.0, value(1 + x), 0.0)
    assertEquals(2.0, value(6 / x), 0.0)
    assertEquals(1.5, value(x / 2), 0.0)
    assertEquals(-3.0, value(-x), 0.0)
    val n: Int = 4
    assertEquals(12.0, value(x * n), 0.0)
    assertEquals(12.0, value(n * x), 0.0)
    assertEquals(12.0, value(4L * x), 0.0)
    assertEquals(12.0, value(4.0f * x), 0.0)
    assertEquals(Tensor.vector(4, 8), n * Tensor.vector(1, 2))
  }

  @Test def operatorsAreTheJavaMethods(): Unit = {
    val y = variable("y")
    val both = at.and(y, 2.0)
    assertEquals(show(x.times(x).minus(x.times(2.0)).plus(1.0)), show(x * x - x * 2.0 + 1.0))
    assertEquals(value(x.div(y).negate(), both), value(-(x / y), both), 0.0)
    assertEquals(1.0, value(x > y, both), 0.0)
    assertEquals(0.0, value(x < y, both), 0.0)
    assertEquals(1.0, value(x > 2.5), 0.0)
  }

  /** `@@` starts with `@`, Scala's highest class: tighter than `*` and `+`, the trap gone. */
  @Test def matmulBindsTighterThanPlusAndTimes(): Unit = {
    val (xv, w, b) = (variable("xv", 1, 2), variable("w", 2, 2), variable("b", 2))
    val env = Bindings.of(xv, Tensor.of(Array(Array(1.0, 2.0))))
      .and(w, Tensor.of(Array(Array(1.0, 0.0), Array(0.0, 1.0)))).and(b, Tensor.vector(10, 20))
    val plain = evaluate(xv @@ w + b, env)
    assertEquals(evaluate((xv @@ w) + b, env), plain)
    assertNotEquals(evaluate(xv @@ (w + b), env), plain, "the other reading differs on these values")
    assertEquals(evaluate((xv @@ w) * 2.0, env), evaluate(xv @@ w * 2.0, env))
    assertEquals(evaluate(2.0 * (xv @@ w), env), evaluate(2.0 * xv @@ w, env))
  }

  /**
   * The documented trap (README, Scala): `pow` is a method, so infix it binds loosest:
   * `x pow 2 + 1` is `x.pow(3)`, not x² + 1. Written with a dot it binds tightest.
   */
  @Test def infixPowBindsLoosestAsTheReadmeSays(): Unit = {
    assertEquals(27.0, value(x pow 2 + 1), 0.0)
    assertEquals(10.0, value(x.pow(2) + 1), 0.0)
    assertEquals(value(x.square() + 1), value(x.pow(2) + 1), 0.0)
    val v = variable("v", 2)
    val env = Bindings.of(v, Tensor.vector(1, 2))
    assertEquals(8.0, value(v matmul v + 1, env), 0.0, "v . (v + 1), the issue's trap")
    assertEquals(6.0, value(v @@ v + 1, env), 0.0, "(v . v) + 1")
  }

  @Test def tensorOperators(): Unit = {
    val t = Tensor.vector(1, 2, 4)
    assertEquals(Tensor.vector(3, 5, 9), 2.0 * t + 1)
    assertEquals(Tensor.vector(0, -1, -3), 1 - t)
    assertEquals(Tensor.vector(4, 2, 1), 4 / t)
    assertEquals(Tensor.vector(-1, -2, -4), -t)
    assertEquals(Tensor.vector(0.5, 1, 2), t / 2)
    assertEquals(Tensor.vector(1, 4, 16), t * t)
    val m = Tensor.of(Array(Array(1.0, 2.0), Array(3.0, 4.0)))
    assertEquals(m.matmul(m).plus(1.0), m @@ m + 1)
    assertEquals(3.0, m(1, 0), 0.0)
    val f = Tensor.vector(1, 2).to(DType.FLOAT32)
    assertEquals(DType.FLOAT32, (1 - f).dtype(), "a number on the left keeps the tensor's dtype")
  }

  @Test def paramsOperators(): Unit = {
    val (w, b) = (variable("w"), variable("b"))
    val p = Params.of(w, Tensor.scalar(5)).and(b, Tensor.scalar(1))
    val g = Params.of(w, Tensor.scalar(2)).and(b, Tensor.scalar(-1))
    val stepped = p - 0.1 * g
    assertEquals(4.8, stepped(w).item(), 1e-15)
    assertEquals(1.1, stepped(b).item(), 1e-15)
    assertEquals(p.minus(g.times(0.1)), p - g * 0.1)
    assertEquals(p.plus(g), p + g)
    assertEquals(p.times(-1), -p)
    assertEquals(p.times(0.5), p / 2)
    assertTrue((p - p).values().forAll(_.isAll(0)))
  }

  @Test def shapesStayFluxions(): Unit = {
    val v = variable("v", 3)
    assertEquals(Shape.of(3), (2 * v + 1).shape())
  }
}
