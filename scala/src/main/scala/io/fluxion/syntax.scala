package io.fluxion

/**
 * Fluxion for Scala 2.13 and Scala 3, in one import:
 * {{{
 * import io.fluxion.syntax._
 *
 * val x = variable("x"); val w = variable("w", 3, 2); val b = variable("b", 2)
 * val y = 2.0 * x - 1                       // numbers on either side
 * val z = (x @@ w + b).softmax()            // @@ is matmul and binds tighter than * and +
 * val model = Model.of(forward, params)     // forward: Expr => Expr, a Scala function
 * val gs = gradients(loss, List(w, b))      // Scala collections in, Scala collections out
 * for (e <- training.epochs(data, 32).take(10)) println(e.loss)   // over Vavr's lazy streams
 * }}}
 *
 * What it gives: operators on Fluxion's `Expr`, `Tensor` and `Params` ([[interop.ExprSyntax]], [[interop.TensorSyntax]], [[interop.NumberSyntax]]);
 * Scala functions where Fluxion takes its functional interfaces ([[interop.FunctionConversions]]);
 * Scala collections where it takes Vavr's, and back ([[interop.CollectionConversions]], [[interop.VavrSyntax]]);
 * the `Dsl` facade with Scala types ([[interop.DslFunctions]]); named arguments for training's
 * options ([[interop.TrainingSyntax]]). Use it instead of `import io.fluxion.dsl.Dsl._`, whose names
 * it repeats (importing both makes those names ambiguous).
 *
 * Precedence is Scala's, by an operator's first character: `@@` binds tighter than `*` and `/`,
 * which bind tighter than `+` and `-`, which bind tighter than `<` and `>`; a named method such
 * as `pow` or `matmul` written infix binds loosest of all, so `x pow 2 + 1` is `x.pow(3)`:
 * write `x.pow(2) + 1`.
 */
object syntax
    extends interop.ExprSyntax
    with interop.NumberSyntax
    with interop.TensorSyntax
    with interop.FunctionConversions
    with interop.CollectionConversions
    with interop.VavrSyntax
    with interop.DslFunctions
    with interop.TrainingSyntax
