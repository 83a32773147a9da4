package io.fluxion.usage

import io.fluxion.data.Dataset
import io.fluxion.expr.Expr
import io.fluxion.nn.{Losses, Model, Params}
import io.fluxion.optim.Optimizers
import io.fluxion.syntax._
import io.fluxion.tensor.{Shape, Tensor}
import io.fluxion.train.Training
import org.junit.jupiter.api.Assertions.{assertEquals, assertThrows, assertTrue}
import org.junit.jupiter.api.Test

/** `trainingOf`: Training's options as named arguments, each the Java wither it names. */
class TrainingOptionsTest {
  private val w = variable("w")
  private val x = Tensor.of(Shape.of(128, 1), (1 to 128).map(_ / 64.0): _*)
  private val data = Dataset.of(x, x * 3.0)
  private val test = Dataset.of(x / 2, x * 1.5)

  private def model(start: Double): Model = Model.of((in: Expr) => in * w, Params.of(w, Tensor.scalar(start)))

  private val mae: (Expr, Expr) => Expr = (p, t) => (p - t).abs().mean()

  @Test def metricsAndValidationByNameAreTheChainedTrainings(): Unit = {
    val named = trainingOf(model(0), Losses.mse _, Optimizers.sgd(0.1),
      metrics = List("mae" -> mae, "sq" -> ((p: Expr, t: Expr) => (p - t).square().mean())), validation = Some(test))
    val chained = Training.of(model(0), Losses.mse _, Optimizers.sgd(0.1)).metric("mae", mae)
      .metric("sq", (p: Expr, t: Expr) => (p - t).square().mean()).validation(test)
    val (a, b) = (named.epochs(data, 32).get(2), chained.epochs(data, 32).get(2))
    assertEquals(b, a)
    assertEquals(List("mae", "sq", "val_loss", "val_mae", "val_sq"), a.metricMap.keys.toList)
  }

  @Test def defaultsAreTrainingOfs(): Unit = {
    val plain = Training.of(model(0), Losses.mse _, Optimizers.sgd(0.1)).epochs(data, 32).get(1)
    assertEquals(plain, trainingOf(model(0), Losses.mse _, Optimizers.sgd(0.1)).epochs(data, 32).get(1))
    assertTrue(plain.metricMap.isEmpty)
  }

  @Test def checkFiniteStopsAtTheFirstNaN(): Unit = {
    val nan = model(Double.NaN)
    assertTrue(trainingOf(nan, Losses.mse _, Optimizers.sgd(0.1)).epochs(data, 32).head().loss.isNaN)
    val e = assertThrows(classOf[ArithmeticException],
      () => trainingOf(nan, Losses.mse _, Optimizers.sgd(0.1), checkFinite = true).epochs(data, 32).head().loss)
    assertTrue(e.getMessage.contains("epoch 1"), e.getMessage)
  }

  @Test def shardedIsTheChainedSharding(): Unit = {
    val named = trainingOf(model(0), Losses.mse _, Optimizers.sgd(0.1), sharded = true)
    val chained = Training.of(model(0), Losses.mse _, Optimizers.sgd(0.1)).sharded()
    assertEquals(chained.epochs(data, 64).get(1), named.epochs(data, 64).get(1))
  }

  @Test def aNameTakenTwiceFailsAsMetricDoes(): Unit = {
    val e = assertThrows(classOf[IllegalArgumentException],
      () => trainingOf(model(0), Losses.mse _, Optimizers.sgd(0.1), metrics = List("mae" -> mae, "mae" -> mae)))
    assertTrue(e.getMessage.contains("'mae'"), e.getMessage)
  }
}
