package io.fluxion.interop

import io.fluxion.dsl.Dsl
import io.fluxion.expr.{Expr, Var}
import io.fluxion.interp.{Bindings, Program, Tape}
import io.fluxion.tensor.Tensor
import scala.jdk.CollectionConverters._

/**
 * Java's `Dsl` facade with Scala's types: functions are Scala functions, lists are Scala lists,
 * pairs Scala tuples, so `val (y, List(dw, db)) = valueAndGrad(loss, List(w, b))` works. Each
 * does what the `Dsl` method of its name does (see its Javadoc).
 */
trait DslFunctions {

  /** A variable of the given NumPy dimensions, none for a scalar: `variable("w", 784, 10)`. */
  def variable(name: String, dims: Int*): Var = Dsl.variable(name, dims: _*)

  /** A scalar constant. */
  def constant(value: Double): Expr = Dsl.constant(value)

  /** A tensor constant. */
  def constant(value: Tensor): Expr = Dsl.constant(value)

  /** The value of `e` under the bindings. */
  def evaluate(e: Expr, bindings: Bindings): Tensor = Dsl.evaluate(e, bindings)

  /** Records `y` under the bindings for its value and gradients, eagerly. */
  def record(y: Expr, bindings: Bindings): Tape = Dsl.record(y, bindings)

  /** dy/dx as an expression, for a scalar `y`. */
  def grad(y: Expr, x: Var): Expr = Dsl.grad(y, x)

  /** The function x ↦ df/dx, for an `f` with a scalar result (JAX's `grad`). */
  def grad(f: Expr => Expr): Expr => Expr = {
    val g = Dsl.grad((x: Expr) => f(x))
    x => g.apply(x)
  }

  /** dy/dx for each x, in order, for a scalar `y`. */
  def gradients(y: Expr, xs: Seq[Var]): List[Expr] = scalaList(Dsl.gradients(y, vavr(xs)))

  /** `y` with its gradients, which share y's nodes. */
  def valueAndGrad(y: Expr, xs: Seq[Var]): (Expr, List[Expr]) = (y, gradients(y, xs))

  /** The forward-mode derivative of `y` along `v` at `x` (a JVP). */
  def jvp(y: Expr, x: Var, v: Expr): Expr = Dsl.jvp(y, x, v)

  /** The forward-mode derivative of `y` along tangents of several variables. */
  def jvp(y: Expr, tangents: Map[Var, Expr]): Expr =
    Dsl.jvp(y, io.vavr.collection.LinkedHashMap.ofAll(tangents.asJava))

  /** The vector-Jacobian products for each x, for a `y` of any shape; zeros where unconnected. */
  def vjp(y: Expr, xs: Seq[Var], cotangent: Expr): List[Expr] = scalaList(Dsl.vjp(y, vavr(xs), cotangent))

  /** ∂y/∂x, of shape `y.shape + x.shape`. */
  def jacobian(y: Expr, x: Var): Expr = Dsl.jacobian(y, x)

  /** The Hessian of a scalar `y` with respect to `x`. */
  def hessian(y: Expr, x: Var): Expr = Dsl.hessian(y, x)

  /** The Hessian-vector product H v, without forming H. */
  def hvp(y: Expr, x: Var, v: Expr): Expr = Dsl.hvp(y, x, v)

  /** `x`, through which no derivative flows. */
  def stopGradient(x: Expr): Expr = Dsl.stopGradient(x)

  /** `ifTrue` where `cond` is non-zero, else `ifFalse`. */
  def where(cond: Expr, ifTrue: Expr, ifFalse: Expr): Expr = Dsl.where(cond, ifTrue, ifFalse)

  /** The parts joined along a NumPy axis. */
  def concat(axis: Int, parts: Expr*): Expr = Dsl.concat(axis, parts: _*)

  /** `e` with algebraic identities applied and constants folded. */
  def simplify(e: Expr): Expr = Dsl.simplify(e)

  /** Infix text of `e`. */
  def show(e: Expr): String = Dsl.show(e)

  /** A reusable, thread-safe program computing the outputs. */
  def compile(outputs: Expr*): Program = Dsl.compile(outputs: _*)

  private def vavr(xs: Seq[Var]): io.vavr.collection.List[Var] = io.vavr.collection.List.ofAll(xs.asJava)

  private def scalaList[A](xs: io.vavr.collection.List[A]): List[A] = xs.asJava.asScala.toList
}
