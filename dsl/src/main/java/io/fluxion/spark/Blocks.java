package io.fluxion.spark;

import io.fluxion.data.Batch;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple2;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;

/**
 * A partition's examples stacked into blocks of at most {@link #ROWS} rows, each a {@link Batch}
 * (x and y with examples along the first axis), so that a step runs a few compiled programs per
 * partition rather than one per row.
 */
final class Blocks {
    /** The most rows in one block: large enough to amortise a program run, small enough to bound memory. */
    static final int ROWS = 4096;

    private Blocks() {}

    /** Rows of (features array, label double or array) as blocks; every row must have the widths given. */
    static Function2<Integer, Iterator<Row>, Iterator<Batch>> fromRows(String features, String label, int width,
            int labelWidth, boolean scalarLabel) {
        return (partition, rows) -> new Stacker<Row>(partition, rows) {
            @Override
            void put(Row row, String at, double[] x, int xo, double[] y, int yo) {
                copy(row, 0, features, width, at, x, xo);
                if (scalarLabel) {
                    if (row.isNullAt(1)) {
                        throw new IllegalArgumentException("SparkTraining: " + at + " has no value in column '"
                                + label + "'");
                    }
                    y[yo] = row.getDouble(1);
                } else {
                    copy(row, 1, label, labelWidth, at, y, yo);
                }
            }

            @Override
            Shape xShape(int n) {
                return Shape.of(n, width);
            }

            @Override
            Shape yShape(int n) {
                return scalarLabel ? Shape.of(n) : Shape.of(n, labelWidth);
            }
        };
    }

    /** (x, y) tensor pairs as blocks; every pair must have the shapes given. */
    static Function2<Integer, Iterator<Tuple2<Tensor, Tensor>>, Iterator<Batch>> fromPairs(Shape x, Shape y) {
        return (partition, pairs) -> new Stacker<Tuple2<Tensor, Tensor>>(partition, pairs) {
            @Override
            void put(Tuple2<Tensor, Tensor> p, String at, double[] xs, int xo, double[] ys, int yo) {
                if (!p._1.shape().equals(x) || !p._2.shape().equals(y)) {
                    throw new IllegalArgumentException("SparkTraining: " + at + " has shapes x " + p._1.shape()
                            + " and y " + p._2.shape() + ", the first example has x " + x + " and y " + y);
                }
                System.arraycopy(p._1.toArray(), 0, xs, xo, x.size());
                System.arraycopy(p._2.toArray(), 0, ys, yo, y.size());
            }

            @Override
            Shape xShape(int n) {
                return Shape.of(n).concat(x);
            }

            @Override
            Shape yShape(int n) {
                return Shape.of(n).concat(y);
            }
        };
    }

    private static void copy(Row row, int field, String column, int width, String at, double[] into, int offset) {
        if (row.isNullAt(field)) {
            throw new IllegalArgumentException("SparkTraining: " + at + " has no value in column '" + column + "'");
        }
        java.util.List<Object> values = row.getList(field);
        if (values.size() != width) {
            throw new IllegalArgumentException("SparkTraining: " + at + " has " + values.size()
                    + " values in column '" + column + "', the first row has " + width);
        }
        for (int i = 0; i < width; i++) {
            Object v = values.get(i);
            if (v == null) {
                throw new IllegalArgumentException("SparkTraining: " + at + " has a null at position " + i
                        + " of column '" + column + "'");
            }
            into[offset + i] = (Double) v;
        }
    }

    /** Reads up to ROWS examples at a time into flat arrays and makes a Batch of them. */
    private abstract static class Stacker<T> implements Iterator<Batch> {
        private final int partition;
        private final Iterator<T> source;
        private long seen;
        private int index;

        Stacker(int partition, Iterator<T> source) {
            this.partition = partition;
            this.source = source;
        }

        /** Copies one example into the block's arrays; {@code at} names it in errors ("row 7 of partition 2"). */
        abstract void put(T example, String at, double[] x, int xo, double[] y, int yo);

        abstract Shape xShape(int n);

        abstract Shape yShape(int n);

        @Override
        public boolean hasNext() {
            return source.hasNext();
        }

        @Override
        public Batch next() {
            if (!source.hasNext()) {
                throw new NoSuchElementException();
            }
            ArrayList<T> rows = new ArrayList<>();
            while (rows.size() < ROWS && source.hasNext()) {
                rows.add(source.next());
            }
            int n = rows.size();
            int xw = xShape(1).size();
            int yw = yShape(1).size();
            double[] x = new double[n * xw];
            double[] y = new double[n * yw];
            for (int i = 0; i < n; i++) {
                put(rows.get(i), "row " + (seen + i) + " of partition " + partition, x, i * xw, y, i * yw);
            }
            seen += n;
            return new Batch(Tensor.of(xShape(n), x), Tensor.of(yShape(n), y), index++);
        }
    }
}
