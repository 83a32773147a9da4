package io.fluxion.usage

import io.fluxion.syntax._
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** Recipes S1 and S3 in Scala reach the Java recipes' numbers (README, Recipes). */
class RecipesTest {

  @Test def s1DerivativesAreTheTutorials(): Unit = {
    val r = QuadraticTape.run()
    assertEquals(1.0, r.y0, 0.0)
    assertEquals(-2.0, r.dydx, 0.0)
    assertEquals(List(0.0, 0.0, 1.0), r.abc)
    assertEquals(2.0, r.d2ydx2, 0.0)
    assertEquals(List(-2.0, 1.0), r.f0)
    assertEquals(List(0.0, 0.0), r.f1)
    assertEquals(r.javaText, r.text, "the operators build what the Java methods build")
  }

  @Test def s1SgdReachesTheClosedForm(): Unit = {
    val exact = 1 - math.pow(0.98, 1000)
    val r = QuadraticTape.run()
    assertEquals(2, r.sgd.size)
    r.sgd.foreach(x => assertEquals(exact, x, 1e-9))
  }

  @Test def s3LoopIsGradientDescentInPlainScala(): Unit = {
    val (xs, ys) = TrainingLoop.data()
    val r = TrainingLoop.run()
    var (w, b) = (5.0, 0.0)
    for (e <- 0 to 10) {
      val d = xs.indices.map(i => w * xs(i) + b - ys(i))
      assertEquals(w, r.w(e), 1e-12, s"W after $e epochs")
      assertEquals(b, r.b(e), 1e-12, s"b after $e epochs")
      assertEquals(d.map(v => v * v).sum / 201, r.loss(e), 1e-9, s"loss after $e epochs")
      w -= 0.1 * xs.indices.map(i => 2 * d(i) * xs(i) / 201).sum
      b -= 0.1 * d.map(2 * _ / 201).sum
    }
    assertEquals(10.019643, r.loss.head, 5e-7, "the README's 'Current loss'")
  }

  @Test def s3FitFollowsTheLoop(): Unit = {
    val r = TrainingLoop.run()
    assertEquals(10, r.fitLoss.size)
    for (e <- 0 until 10) assertEquals(r.loss(e), r.fitLoss(e), 1e-9, s"fit's loss of epoch ${e + 1}")
    assertEquals(List(r.w.last, r.b.last), r.fitted.values().toScala.map(_.item()))
    assertEquals(3.108102, r.w.last, 5e-7, "the README's W")
    assertEquals(1.711374, r.b.last, 5e-7, "the README's b")
  }
}
