package io.fluxion.usage

import io.fluxion.data.Dataset
import io.fluxion.expr.Expr
import io.fluxion.interp.{Bindings, Tape}
import io.fluxion.nn.{Loss, Losses, Metric, Metrics, Model, Params}
import io.fluxion.optim.Optimizers
import io.fluxion.syntax._
import io.fluxion.tensor.{Shape, Tensor}
import io.fluxion.train.{GridSearch, Training}
import java.io.{ByteArrayInputStream, ByteArrayOutputStream, ObjectInputStream, ObjectOutputStream}
import org.junit.jupiter.api.Assertions.{assertEquals, assertTrue}
import org.junit.jupiter.api.Test

/** Scala functions and collections where Fluxion takes its own interfaces and Vavr's. */
class ConversionsTest {
  private val w = variable("w")
  private val b = variable("b")
  private val params = Params.of(w, Tensor.scalar(2)).and(b, Tensor.scalar(1))

  @Test def aFunctionValueMakesAModelThatSerializes(): Unit = {
    val (w, b) = (variable("w"), variable("b")) // locals: a field would make the closure capture the test
    val forward: Expr => Expr = in => in * w + b
    val model = Model.of(forward, Params.of(w, Tensor.scalar(2)).and(b, Tensor.scalar(1)))
    assertEquals(Tensor.vector(7), model.predict(Tensor.vector(3)))
    val bytes = new ByteArrayOutputStream()
    new ObjectOutputStream(bytes).writeObject(model)
    val back = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray)).readObject().asInstanceOf[Model]
    assertEquals(Tensor.vector(7), back.predict(Tensor.vector(3)))
  }

  @Test def functionValuesForLossesMetricsAndMaps(): Unit = {
    val mae: (Expr, Expr) => Expr = (p, t) => (p - t).abs().mean()
    val loss: Loss = mae
    val metric: Metric = mae
    val (p, t) = (constant(Tensor.vector(1, 2)), constant(Tensor.vector(2, 4)))
    assertEquals(1.5, evaluate(loss.apply(p, t), Bindings.empty()).item(), 0.0)
    assertEquals(1.5, evaluate(metric.apply(p, t), Bindings.empty()).item(), 0.0)
    val double: Tensor => Tensor = _ * 2
    assertEquals(Tensor.scalar(4), params.map(double).get(w))
    val add: (Tensor, Tensor) => Tensor = _ + _
    assertEquals(Tensor.scalar(2), params.zipWith(params, add).get(b))
    val square: Double => Double = v => v * v
    assertEquals(Tensor.vector(1, 9), Tensor.vector(1, 3).map(square))
  }

  /** Metrics.accuracy is one method (its tensor twin is accuracyOf), so Scala 3 can name it. */
  @Test def metricsAccuracyNamesOneMethod(): Unit = {
    val byEta: Metric = Metrics.accuracy _
    val byName: Metric = Metrics.accuracy
    val (pred, target) = (constant(Tensor.of(Array(Array(0.9, 0.1), Array(0.2, 0.8)))), constant(Tensor.vector(0, 0)))
    assertEquals(0.5, evaluate(byEta.apply(pred, target), Bindings.empty()).item(), 0.0)
    assertEquals(0.5, evaluate(byName.apply(pred, target), Bindings.empty()).item(), 0.0)
  }

  @Test def scalaCollectionsWhereFluxionTakesVavrs(): Unit = {
    val y = w * w * b
    val at = Bindings.of(Map(w -> Tensor.scalar(3), b -> Tensor.scalar(2)))
    val tape = Tape.record(y, at)
    assertEquals(List(12.0, 9.0), tape.gradients(List(w, b)).toScala.map(_.item()))
    assertEquals(List(12.0, 9.0), tape.gradients(Vector(w, b)).toScala.map(_.item()))
    assertEquals(List(12.0, 9.0), gradients(y, List(w, b)).map(evaluate(_, at).item()))
    val (value, List(dw, db)) = valueAndGrad(y, List(w, b))
    assertEquals(18.0, evaluate(value, at).item(), 0.0)
    assertEquals(12.0, evaluate(dw, at).item(), 0.0)
    assertEquals(9.0, evaluate(db, at).item(), 0.0)
    assertEquals(12.0, evaluate(jvp(y, Map(w -> constant(1.0))), at).item(), 0.0)
    val g = grad((e: Expr) => e * e * e)
    assertEquals(27.0, evaluate(g(constant(3.0)), Bindings.empty()).item(), 0.0)
  }

  @Test def gridSearchTakesAScalaListAndAFunctionValue(): Unit = {
    val x = Tensor.of(Shape.of(10, 1), (0 until 10).map(_.toDouble): _*)
    val data = Dataset.of(x, x * 2.0)
    val model = Model.of((in: Expr) => in * w, Params.of(w, Tensor.scalar(0)))
    val training: Double => Training = lr => Training.of(model, Losses.mse _, Optimizers.sgd(lr))
    val search = GridSearch.of(List(0.001, 0.01), training).folds(2).epochs(5).batchSize(5)
    val result = search.run(data)
    assertEquals(List(0.001, 0.01), search.candidates().toScala)
    assertEquals(0.01, result.best(), 0.0)
    val named = gridSearch(List(0.001, 0.01), folds = 2, epochs = 5, batchSize = 5)(training)
    assertEquals(search.copyWithoutTraining, named.copyWithoutTraining)
    assertTrue(named.run(data).scores().toScala.map(_.mean()) == result.scores().toScala.map(_.mean()))
  }

  private implicit class Settings[T](private val g: GridSearch[T]) {
    def copyWithoutTraining: (List[T], Int, Int, Int, Option[Long]) =
      (g.candidates().toScala, g.folds(), g.epochs(), g.batchSize(), g.seed().toScala.map(_.longValue))
  }
}
