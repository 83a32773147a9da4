package io.fluxion.usage

import io.fluxion.data.Dataset
import io.fluxion.expr.Expr
import io.fluxion.interp.{Bindings, Tape}
import io.fluxion.nn.{Losses, Model, Params}
import io.fluxion.optim.Optimizers
import io.fluxion.syntax._
import io.fluxion.tensor.{Shape, Tensor}
import io.fluxion.train.Training

/**
 * Recipe S3 (the README's `TrainingLoop`) as a Scala user writes it: y = 3x + 2 + N(0, 1) on 201
 * points of [-2, 2], f(x) = W x + b from W = 5, b = 0, the mean squared error, 10 epochs of
 * gradient descent at 0.1 on the whole batch written out with a tape, then through `fit`.
 */
object TrainingLoop {

  /** x and y, the noise from `new Random(3)`'s Gaussians, as in the Java recipe. */
  def data(): (Array[Double], Array[Double]) = {
    val random = new java.util.Random(3)
    val xs = Array.tabulate(201)(i => -2 + 4.0 * i / 200)
    (xs, xs.map(x => 3 * x + 2 + random.nextGaussian()))
  }

  /** W, b and the loss per epoch of the tape loop (the start first), and the losses and parameters of `fit`. */
  final case class Result(w: List[Double], b: List[Double], loss: List[Double], fitLoss: List[Double], fitted: Params)

  def run(): Result = {
    val (xd, yd) = data()
    val (xs, ys) = (Tensor.of(Shape.of(201, 1), xd: _*), Tensor.of(Shape.of(201, 1), yd: _*))
    val (w, b) = (variable("W"), variable("b"))
    val forward: Expr => Expr = in => in * w + b
    val model = Model.of(forward, Params.of(w, Tensor.scalar(5)).and(b, Tensor.scalar(0)))

    val (x, y) = (variable("x", 201, 1), variable("y", 201, 1))
    val loss = Losses.mse(model(x), y)
    val batch = Bindings.of(Map(x -> xs, y -> ys))
    def lossAt(p: Params) = Tape.record(loss, batch.and(Bindings.of(p.toMap))).value().item()

    val params = Iterator.iterate(model.params()) { p =>
      val List(dw, db) = Tape.record(loss, batch.and(Bindings.of(p.toMap))).gradients(List(w, b)).toScala
      Params.of(w, p(w) - dw * 0.1).and(b, p(b) - 0.1 * db)
    }.take(11).toList

    val history = Training.of(model, Losses.mse _, Optimizers.sgd(0.1)).fit(Dataset.of(xs, ys), 10, 1000,
      fitOptions(verbose = false))
    Result(params.map(_(w).item()), params.map(_(b).item()), params.map(lossAt),
      history.toScala.map(_.loss), history.last().params())
  }
}
