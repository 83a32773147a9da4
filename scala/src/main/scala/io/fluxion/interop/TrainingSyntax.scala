package io.fluxion.interop

import io.fluxion.data.Dataset
import io.fluxion.expr.Expr
import io.fluxion.nn.{Loss, Model}
import io.fluxion.optim.Optimizer
import io.fluxion.train.{Epoch, FitOptions, GridSearch, Progress, Scorer, Training}
import java.io.PrintStream
import scala.collection.immutable.ListMap

/**
 * Named arguments with defaults where the Java API chains withers:
 * `trainingOf(model, loss, optimizer, metrics = List("mae" -> mae), validation = Some(test))`,
 * `training.fit(data, 10, 32, fitOptions(seed = Some(0L), verbose = false))` and
 * `gridSearch(List(0.01, 0.1), folds = 3, epochs = 20)(lr => makeTraining(lr))`; and an epoch's
 * metrics as Scala numbers (`epoch.metricOption("accuracy")` is an `Option[Double]`, where Java's
 * `metric` gives an `Option[java.lang.Double]`).
 */
trait TrainingSyntax {

  /**
   * `Training.of(model, loss, optimizer)` with its options named, each defaulting to
   * `Training.of`'s: no metrics, no validation, no finiteness check, unsharded steps.
   * {{{
   * val training = trainingOf(model, Losses.crossEntropy _, Optimizers.adam(0.01),
   *   metrics = List("accuracy" -> Metrics.accuracy _), validation = Some(test))
   * }}}
   * The same as chaining Java's `metric(name, m)` for each metric in order, then `validation`,
   * `checkFinite()` and `sharded()` (see their Javadoc); a name taken twice or reserved fails as
   * `metric` does. (Not named `training`, which `val training = training(...)` would make a
   * recursive value.)
   */
  def trainingOf(model: Model, loss: Loss, optimizer: Optimizer,
                 metrics: Seq[(String, (Expr, Expr) => Expr)] = Nil, validation: Option[Dataset] = None,
                 checkFinite: Boolean = false, sharded: Boolean = false): Training = {
    val measured = metrics.foldLeft(Training.of(model, loss, optimizer)) { case (t, (name, f)) =>
      t.metric(name, (p: Expr, y: Expr) => f(p, y))
    }
    val validated = validation.fold(measured)(v => measured.validation(v))
    val checked = if (checkFinite) validated.checkFinite() else validated
    if (sharded) checked.sharded() else checked
  }

  /**
   * `FitOptions` with named arguments, each defaulting to `FitOptions.defaults()`'s: printing, a
   * progress bar on a terminal only, the data's order, no validation, standard output, stopping
   * at a non-finite loss. (Java's `fit` cannot take named arguments itself: Scala 2 does not
   * look for another `fit` when the names fail to match Java's.)
   */
  def fitOptions(verbose: Boolean = true, progress: Progress = Progress.AUTO, seed: Option[Long] = None,
                 validation: Option[Dataset] = None, out: PrintStream = System.out,
                 terminateOnNaN: Boolean = true): FitOptions = {
    val seeded = seed.fold(FitOptions.defaults())(s => FitOptions.defaults().seed(s))
    val validated = validation.fold(seeded)(v => seeded.validation(v))
    validated.verbose(verbose).progress(progress).out(out).terminateOnNaN(terminateOnNaN)
  }

  /**
   * `GridSearch.of(candidates, training)` with its settings named, each defaulting to
   * `GridSearch.of`'s: 5 folds, 1 epoch, batches of 32, the data's order, the negative MSE.
   */
  def gridSearch[T](candidates: Iterable[T], folds: Int = 5, epochs: Int = 1, batchSize: Int = 32,
                    seed: Option[Long] = None, scorer: Scorer = Scorer.negativeMse())(
                    training: T => Training): GridSearch[T] = {
    val search = GridSearch.of[T](io.vavr.collection.List.ofAll(scala.jdk.CollectionConverters.IterableHasAsJava(candidates).asJava),
      (c: T) => training(c)).folds(folds).epochs(epochs).batchSize(batchSize).scorer(scorer)
    seed.fold(search)(s => search.seed(s))
  }

  /** An epoch's metrics as Scala numbers. */
  implicit class EpochOps(private val epoch: Epoch) {

    /** The named metric's mean over the epoch, if the training has it. */
    def metricOption(name: String): Option[Double] = {
      val m = epoch.metric(name)
      if (m.isDefined) Some(m.get.doubleValue) else None
    }

    /** Every metric by name, in the training's order. */
    def metricMap: ListMap[String, Double] = {
      val b = ListMap.newBuilder[String, Double]
      val it = epoch.metrics().iterator()
      while (it.hasNext) {
        val e = it.next()
        b += e._1 -> e._2.doubleValue
      }
      b.result()
    }
  }
}
