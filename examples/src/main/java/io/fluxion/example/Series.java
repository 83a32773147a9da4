package io.fluxion.example;

import io.vavr.collection.List;
import java.util.stream.IntStream;

/** Small conversions between the recipes' histories (Vavr lists) and the arrays a plot takes. */
final class Series {
    private Series() {}

    /** The values as an array, for a plot. */
    static double[] doubles(List<Double> values) {
        return values.toJavaStream().mapToDouble(Double::doubleValue).toArray();
    }

    /** from, from + 1, …: the x axis of a per-epoch plot that numbers epochs from {@code from}. */
    static double[] count(int from, int n) {
        return IntStream.range(from, from + n).asDoubleStream().toArray();
    }

    /** n copies of a value: a constant line, such as a true parameter beside its history. */
    static double[] constant(double value, int n) {
        return IntStream.range(0, n).mapToDouble(i -> value).toArray();
    }
}
