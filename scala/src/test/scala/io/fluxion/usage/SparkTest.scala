package io.fluxion.usage

import io.fluxion.data.Dataset
import io.fluxion.expr.Expr
import io.fluxion.nn.{Losses, Model, Params}
import io.fluxion.optim.Optimizers
import io.fluxion.spark.SparkTraining
import io.fluxion.syntax._
import io.fluxion.tensor.{Shape, Tensor}
import io.fluxion.train.Epoch
import org.apache.spark.rdd.RDD
import org.apache.spark.sql.SparkSession
import org.junit.jupiter.api.Assertions.{assertEquals, assertTrue}
import org.junit.jupiter.api.Test

/**
 * Training on Spark from Scala (2.13, and Scala 3 on Spark's _2.13 jars, as the README tells
 * Scala 3 users): an RDD of Scala pairs of tensors, a model whose forward pass is a Scala
 * function, the epochs in a `for`. Local mode, one small session: the cluster is spark's own test.
 */
class SparkTest {

  @Test def anRddOfScalaPairsTrainsAsOneMachineDoes(): Unit = {
    val spark = SparkSession.builder().master("local[2]").appName("fluxion-scala-test")
      .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
      .config("spark.ui.enabled", "false").getOrCreate()
    try {
      val (w, b) = (variable("w", 2), variable("b"))
      val forward: Expr => Expr = in => in @@ w + b
      val model = Model.of(forward, Params.of(w, Tensor.zeros(Shape.of(2))).and(b, Tensor.scalar(0)))
      val training = trainingOf(model, Losses.mse _, Optimizers.sgd(0.2))

      val xs = (0 until 40).map(i => Array(i % 5 / 5.0, i % 7 / 7.0))
      val examples = xs.map(x => (Tensor.vector(x: _*), Tensor.scalar(2 * x(0) - x(1) + 0.5)))
      val rdd: RDD[(Tensor, Tensor)] = spark.sparkContext.parallelize(examples, 2)
      val local = training.epochs(Dataset.of(Tensor.of(Shape.of(40, 2), xs.flatten: _*),
        Tensor.of(Shape.of(40), examples.map(_._2.item()): _*)), 40).take(5).toScala.toList

      val st = SparkTraining.of(training, rdd)
      try {
        val onSpark = List.newBuilder[Epoch]
        for (e <- st.epochs().take(5)) onSpark += e
        val epochs = onSpark.result()
        assertEquals(5, epochs.size)
        // The same fold; only the order of summation differs (README, Training on Spark).
        for ((l, s) <- local.zip(epochs)) assertEquals(l.loss, s.loss, 1e-9 * l.loss)
        for (v <- List(w, b); (l, s) <- local.last.params()(v).toArray.zip(epochs.last.params()(v).toArray))
          assertEquals(l, s, 1e-9 * math.abs(l), s"${v.name()}: one machine $l, Spark $s")
        assertTrue(local.last.loss < local.head.loss, s"the loss fell: ${local.map(_.loss)}")
      } finally st.close()
    } finally spark.stop()
  }
}
