package io.fluxion.interop

import io.vavr.collection.{List => VavrList, Map => VavrMap, Stream => VavrStream}
import io.vavr.control.{Option => VavrOption}
import io.vavr.{Tuple2 => VavrTuple2, Value}
import scala.collection.immutable.ListMap

/**
 * Vavr's values in Scala: `for` over them (`for (e <- training.epochs(data, 32).take(10))`,
 * with `if` guards and `yield`, Vavr's own `map` and `flatMap` doing the rest), and
 * `toScala` back to Scala's collections: a list to a `List`, a lazy stream to a `LazyList` that
 * stays as lazy (an endless stream of epochs is still endless), an option to an `Option`, a map
 * to a `ListMap` in the same order, a tuple to a tuple. Vavr's own `toList` keeps its name and
 * meaning (a Vavr list).
 */
trait VavrSyntax {

  /** `foreach` over any Vavr value (a collection, an option), for `for` loops. */
  implicit class VavrValueOps[A](private val v: Value[A]) {

    /** Applies `f` to every element, in order. */
    def foreach[U](f: A => U): Unit = {
      val it = v.iterator()
      while (it.hasNext) f(it.next())
    }
  }

  /** A Vavr lazy stream in Scala. */
  implicit class VavrStreamOps[A](private val s: VavrStream[A]) {

    /** The elements for which `p` holds, as lazily as Vavr's `filter`: for `if` in a `for`. */
    def withFilter(p: A => Boolean): VavrStream[A] = s.filter(a => p(a))

    /** The same elements as a `LazyList`, computed only as the `LazyList` is read. */
    def toLazyList: LazyList[A] = VavrSyntax.lazyList(s)

    /** `toLazyList`. */
    def toScala: LazyList[A] = toLazyList
  }

  /** A Vavr list in Scala. */
  implicit class VavrListOps[A](private val l: VavrList[A]) {

    /** The elements for which `p` holds: for `if` in a `for`. */
    def withFilter(p: A => Boolean): VavrList[A] = l.filter(a => p(a))

    /** The same elements as a Scala `List`. */
    def toScala: List[A] = {
      val b = List.newBuilder[A]
      val it = l.iterator()
      while (it.hasNext) b += it.next()
      b.result()
    }
  }

  /** A Vavr option in Scala. */
  implicit class VavrOptionOps[A](private val o: VavrOption[A]) {

    /** The value if `p` holds of it: for `if` in a `for`. */
    def withFilter(p: A => Boolean): VavrOption[A] = o.filter(a => p(a))

    /** The same as a Scala `Option`. */
    def toScala: Option[A] = if (o.isDefined) Some(o.get) else None
  }

  /** A Vavr map in Scala. */
  implicit class VavrMapOps[K, V](private val m: VavrMap[K, V]) {

    /** The same entries as a Scala `ListMap`, in the Vavr map's order (a `LinkedHashMap`'s is insertion order). */
    def toScala: ListMap[K, V] = {
      val b = ListMap.newBuilder[K, V]
      val it = m.iterator()
      while (it.hasNext) {
        val e = it.next()
        b += e._1 -> e._2
      }
      b.result()
    }
  }

  /** A Vavr pair in Scala. */
  implicit class VavrTuple2Ops[A, B](private val t: VavrTuple2[A, B]) {

    /** The same pair as a Scala tuple. */
    def toScala: (A, B) = (t._1, t._2)
  }

}

private object VavrSyntax {

  /**
   * Each cell's tail is asked of Vavr only when the `LazyList`'s tail is read (`#::` takes both
   * sides by name): an unfold would ask it with the head, forcing one element early.
   */
  def lazyList[A](s: VavrStream[A]): LazyList[A] = if (s.isEmpty) LazyList.empty else s.head #:: lazyList(s.tail)
}
