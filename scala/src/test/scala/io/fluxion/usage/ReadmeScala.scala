package io.fluxion.usage

import io.fluxion.data.Dataset
import io.fluxion.interp.Bindings
import io.fluxion.nn.Params
import io.fluxion.tensor.Tensor
import io.fluxion.train.Training

/**
 * The README's Scala example (section Scala), verbatim between the markers, as the body of a
 * method whose parameters are what the example takes as given: compiled by both compilers with
 * the imports it shows, and kept identical to the README by [[ReadmeTest]]. Not run: its shapes
 * (MNIST's) are the reader's.
 */
object ReadmeScala {

  def example(params: Params, loss: io.fluxion.expr.Expr, at: Bindings, w0: Tensor, g0: Tensor, data: Dataset,
              test: Dataset, makeTraining: Double => Training): Unit = {
    // README begin
    import io.fluxion.syntax._
    import io.fluxion.expr.Expr
    import io.fluxion.interp.Tape
    import io.fluxion.nn.{Losses, Metrics, Model}
    import io.fluxion.optim.Optimizers
    import io.fluxion.train.Epoch

    val (x, w, b) = (variable("x", 32, 784), variable("w", 784, 10), variable("b", 10))
    val y = 2.0 * x.sum() - 1                                // numbers on either side, of any type
    val logits = x @@ w + b                                  // @@ is matmul: (x @@ w) + b
    val forward: Expr => Expr = in => (in @@ w + b).softmax()
    val model = Model.of(forward, params)                    // a Scala function where Java takes SerializableFunction
    val List(dw, db) = gradients(loss, List(w, b))           // Scala lists in and out
    val grads = Tape.record(loss, at).gradients(Seq(w, b))   // Scala collections where Java takes Vavr's
    val w1 = w0 - 0.1 * g0                                   // operators on Tensor and Params too
    val training = trainingOf(model, Losses.crossEntropy _, Optimizers.adam(0.01),   // options by name
      metrics = List("accuracy" -> Metrics.accuracy _), validation = Some(test))
    for (e <- training.epochs(data, 32).take(10)) println(e.loss)   // for over Vavr's lazy streams
    val lazyEpochs: LazyList[Epoch] = training.epochs(data, 32).toScala    // as lazy, endless still
    val acc: Option[Double] = lazyEpochs.head.metricOption("accuracy")
    training.fit(data, 10, 32, fitOptions(seed = Some(0L), verbose = false))
    gridSearch(List(0.01, 0.1), folds = 3, epochs = 20)(lr => makeTraining(lr)).run(data)
    // README end
  }
}
