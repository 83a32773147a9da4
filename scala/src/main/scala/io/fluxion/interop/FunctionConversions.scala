package io.fluxion.interop

import io.fluxion.expr.Expr
import io.fluxion.nn.{Loss, Metric, SerializableFunction}
import io.fluxion.tensor.Tensor
import io.fluxion.train.Training
import java.util.function.{BinaryOperator, DoubleUnaryOperator, UnaryOperator}
import scala.language.implicitConversions

/**
 * Scala function values where Fluxion takes its functional interfaces. A lambda written in place
 * converts by itself; a function held in a value does not, and these conversions do that:
 * `Model.of(forward, params)` with `forward: Expr => Expr`, `training.metric("mae", mae)` with
 * `mae: (Expr, Expr) => Expr`, `GridSearch.of(rates, makeTraining)`. Their names start with `scala`, so that a value of the
 * user's (a `loss`, a `metric`) does not hide them. Each is typed by what it
 * converts to, never from any function, because Scala's collections are functions too (a
 * `List[Var]` is an `Int => Var`). Scala's function values are serializable, and so are the
 * converted ones, as Spark's shipping of a model needs.
 */
trait FunctionConversions {

  /** A forward pass or activation, for `Model.of` and `Dense.of`. */
  implicit def scalaExprFunction(f: Expr => Expr): SerializableFunction[Expr, Expr] = x => f(x)

  /** A renaming, for `Model.renamed`. */
  implicit def scalaRenaming(f: String => String): SerializableFunction[String, String] = s => f(s)

  /** A loss of (prediction, target), for `Training.of`. */
  implicit def scalaLoss(f: (Expr, Expr) => Expr): Loss = (p, t) => f(p, t)

  /** A metric of (prediction, target), for `Training.metric` and `Scorer.of`. */
  implicit def scalaMetric(f: (Expr, Expr) => Expr): Metric = (p, t) => f(p, t)

  /** What makes a candidate's training, for `GridSearch.of`. */
  implicit def scalaTrainingFactory[T](f: T => Training): java.util.function.Function[T, Training] = c => f(c)

  /** A function of tensors, for `Params.map`. */
  implicit def scalaTensorFunction(f: Tensor => Tensor): UnaryOperator[Tensor] = t => f(t)

  /** A function of two tensors, for `Params.zipWith`. */
  implicit def scalaTensorFunction2(f: (Tensor, Tensor) => Tensor): BinaryOperator[Tensor] = (a, b) => f(a, b)

  /** A function of numbers, for `Tensor.map`. */
  implicit def scalaDoubleFunction(f: Double => Double): DoubleUnaryOperator = v => f(v)
}
