package io.fluxion.interop

import scala.jdk.CollectionConverters.{IterableHasAsJava, MapHasAsJava}
import scala.language.implicitConversions

/**
 * Scala collections where Fluxion takes Vavr's or Java's: `gradients(loss, List(w, b))`,
 * `tape.gradients(Seq(a, x))`, `GridSearch.of(List(0.01, 0.1), ...)`,
 * `Bindings.of(Map(x -> t))`. Each is copied, once, into the immutable collection Fluxion keeps
 * (Vavr's, in the Scala collection's order); what Fluxion returns stays Vavr's, and
 * [[VavrSyntax]] converts it back.
 */
trait CollectionConversions {

  /** A Scala sequence or set as a Vavr list, which is also a Vavr `Seq` and a Java `Iterable`. */
  implicit def scalaIterableAsVavr[A](xs: scala.collection.Iterable[A]): io.vavr.collection.List[A] =
    io.vavr.collection.List.ofAll(IterableHasAsJava(xs).asJava)

  /** A Scala map as a Vavr map in the Scala map's order. */
  implicit def scalaMapAsVavr[K, V](m: scala.collection.Map[K, V]): io.vavr.collection.Map[K, V] =
    io.vavr.collection.LinkedHashMap.ofAll(MapHasAsJava(m).asJava)
}
