package io.fluxion.usage

import io.fluxion.data.Dataset
import io.fluxion.expr.Expr
import io.fluxion.nn.{Losses, Metrics, Model, Params}
import io.fluxion.optim.Optimizers
import io.fluxion.syntax._
import io.fluxion.tensor.{Shape, Tensor}
import io.fluxion.train.{Epoch, Progress, Training}
import java.io.{ByteArrayOutputStream, PrintStream}
import java.util.concurrent.atomic.AtomicInteger
import org.junit.jupiter.api.Assertions.{assertEquals, assertFalse, assertTrue}
import org.junit.jupiter.api.Test
import scala.collection.immutable.ListMap

/** Vavr's values in `for`, back to Scala's collections, and training's options by name. */
class VavrTest {
  private val w = variable("w")
  private val x = Tensor.of(Shape.of(8, 1), (1 to 8).map(_.toDouble): _*)
  private val data = Dataset.of(x, x * 3.0)

  private def training(): Training = {
    val model = Model.of((in: Expr) => in * w, Params.of(w, Tensor.scalar(0)))
    Training.of(model, Losses.mse _, Optimizers.sgd(0.01)).metric("mae", (p: Expr, t: Expr) => (p - t).abs().mean())
  }

  @Test def forOverTheEndlessStreamOfEpochs(): Unit = {
    val seen = List.newBuilder[Int]
    for (e <- training().epochs(data, 4).take(3)) seen += e.epoch()
    assertEquals(List(1, 2, 3), seen.result())
    val late = for (e <- training().epochs(data, 4).take(5) if e.epoch() > 3) yield e.epoch()
    assertEquals(List(4, 5), late.toList.toScala.map(_.intValue))
  }

  @Test def toLazyListKeepsTheStreamLazy(): Unit = {
    val computed = new AtomicInteger()
    val next: java.util.function.Supplier[Int] = () => computed.incrementAndGet()
    val endless = io.vavr.collection.Stream.continually(next)
    val lazyList = endless.toLazyList
    val before = computed.get()
    assertTrue(before <= 1, s"converting computed $before elements")
    assertEquals(List(1, 2, 3), lazyList.take(3).toList)
    assertEquals(3, computed.get())
    val epochs = training().epochs(data, 4).toScala.take(2).map(_.loss).toList
    assertEquals(2, epochs.size)
    assertTrue(epochs(1) < epochs(0))
  }

  @Test def toScalaConvertsListsOptionsMapsAndPairs(): Unit = {
    assertEquals(List(1, 2), io.vavr.collection.List.of(1, 2).toScala)
    assertEquals(Some("a"), io.vavr.control.Option.some("a").toScala)
    assertEquals(None, io.vavr.control.Option.none[String]().toScala)
    val m = io.vavr.collection.LinkedHashMap.of("b", 1, "a", 2).toScala
    assertEquals(ListMap("b" -> 1, "a" -> 2), m)
    assertEquals(List("b", "a"), m.keys.toList)
    assertEquals(("a", 1), io.vavr.Tuple.of("a", 1).toScala)
    val total = for (v <- io.vavr.control.Option.some(2) if v > 1) yield v * 10
    assertEquals(Some(20), total.toScala)
  }

  @Test def epochMetricsAreScalaNumbers(): Unit = {
    val last: Epoch = training().fit(data, 2, 4, fitOptions(verbose = false)).last()
    val mae: Option[Double] = last.metricOption("mae")
    assertEquals(last.metric("mae").get.doubleValue, mae.get, 0.0)
    assertEquals(None, last.metricOption("accuracy"))
    assertEquals(List("mae"), last.metricMap.keys.toList)
  }

  @Test def fitOptionsByName(): Unit = {
    val printed = new ByteArrayOutputStream()
    val out = new PrintStream(printed, true)
    val named = fitOptions(out = out, progress = Progress.OFF, seed = Some(7L), validation = Some(data))
    val chained = io.fluxion.train.FitOptions.defaults().out(out).progress(false).seed(7L).validation(data)
    assertEquals(chained, named)
    assertEquals(io.fluxion.train.FitOptions.defaults(), fitOptions())
    assertEquals(io.fluxion.train.FitOptions.quiet().terminateOnNaN(false), fitOptions(verbose = false, terminateOnNaN = false))
    training().fit(data, 1, 4, named)
    assertTrue(printed.toString.contains("Epoch 1/1"), printed.toString)
    assertFalse(Metrics.accuracyOf(Tensor.vector(0.2, 0.8).reshape(1, 2), Tensor.vector(1)) < 1)
  }
}
