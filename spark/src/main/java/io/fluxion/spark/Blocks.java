package io.fluxion.spark;

import io.fluxion.data.Batch;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple2;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * A partition's examples stacked into blocks of at most {@link #ROWS} rows, each a {@link Batch}
 * (x and y with examples along the first axis), so that a step runs a few compiled programs per
 * partition rather than one per row.
 *
 * <p>DataFrame rows are read as Spark holds them ({@link InternalRow}, arrays as {@link ArrayData}),
 * each array copied whole with {@code toDoubleArray}: through {@code Row.getList} every element
 * was a boxed {@code Double}, and the first epoch, which reads the rows, took 30 to 40 steady ones.
 */
final class Blocks {
    /** The most rows in one block: large enough to amortise a program run, small enough to bound memory. */
    static final int ROWS = 4096;

    private Blocks() {}

    /**
     * Rows of (features array, label double or array) as blocks; every row must have the widths
     * given. Spark reuses the row objects of {@code toRdd()}, so each is copied as it is read.
     */
    static Function2<Integer, Iterator<InternalRow>, Iterator<Block>> fromRows(String features, String label, int width,
            int labelWidth, boolean scalarLabel) {
        return (partition, rows) -> new Stacker<InternalRow>(partition, rows, width, scalarLabel ? 1 : labelWidth) {
            @Override
            void put(InternalRow row, Supplier<String> at, double[] x, int xo, double[] y, int yo) {
                copy(row, 0, features, width, at, x, xo);
                if (scalarLabel) {
                    if (row.isNullAt(1)) {
                        throw new IllegalArgumentException("SparkTraining: " + at.get() + " has no value in column '"
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
    static Function2<Integer, Iterator<Tuple2<Tensor, Tensor>>, Iterator<Block>> fromPairs(Shape x, Shape y) {
        return (partition, pairs) -> new Stacker<Tuple2<Tensor, Tensor>>(partition, pairs, x.size(), y.size()) {
            @Override
            void put(Tuple2<Tensor, Tensor> p, Supplier<String> at, double[] xs, int xo, double[] ys, int yo) {
                if (!p._1.shape().equals(x) || !p._2.shape().equals(y)) {
                    throw new IllegalArgumentException("SparkTraining: " + at.get() + " has shapes x " + p._1.shape()
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

    /** How many rows a partition's blocks hold, or the bad row that stopped its reading; run on its executor. */
    static Iterator<PartialSums.Tagged> count(int partition, Iterator<Block> blocks) {
        long rows = 0;
        while (blocks.hasNext()) {
            switch (blocks.next()) {
                case Block.Bad bad -> {
                    return java.util.List.of(PartialSums.Tagged.failed(partition, bad.error())).iterator();
                }
                case Block.Examples e -> rows += e.batch().size();
            }
        }
        return java.util.List.of(PartialSums.Tagged.of(partition, new double[] {rows})).iterator();
    }

    private static void copy(InternalRow row, int field, String column, int width, Supplier<String> at, double[] into,
            int offset) {
        if (row.isNullAt(field)) {
            throw new IllegalArgumentException("SparkTraining: " + at.get() + " has no value in column '" + column + "'");
        }
        ArrayData values = row.getArray(field);
        if (values.numElements() != width) {
            throw new IllegalArgumentException("SparkTraining: " + at.get() + " has " + values.numElements()
                    + " values in column '" + column + "', the first row has " + width);
        }
        if (values instanceof UnsafeArrayData u && !anyNull(u)) {
            // Straight from Spark's bytes into the block: no double[] per row on the way.
            Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(width),
                    into, Platform.DOUBLE_ARRAY_OFFSET + 8L * offset, 8L * width);
            return;
        }
        for (int i = 0; i < width; i++) {
            if (values.isNullAt(i)) {
                throw new IllegalArgumentException("SparkTraining: " + at.get() + " has a null at position " + i
                        + " of column '" + column + "'");
            }
        }
        System.arraycopy(values.toDoubleArray(), 0, into, offset, width);
    }

    /** Whether an unsafe array marks any element null: its header's null bits, a word at a time. */
    private static boolean anyNull(UnsafeArrayData u) {
        int header = UnsafeArrayData.calculateHeaderPortionInBytes(u.numElements());
        for (long at = 8; at < header; at += 8) {
            if (Platform.getLong(u.getBaseObject(), u.getBaseOffset() + at) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies up to ROWS examples at a time into a {@link Staging}, as they are read, and makes a
     * Batch of them, allocated at its size; a bad example ends the partition with a
     * {@link Block.Bad} naming it.
     */
    private abstract static class Stacker<T> implements Iterator<Block> {
        private final int partition;
        private final Iterator<T> source;
        private final int xw;
        private final int yw;
        private long seen;
        private int index;
        private boolean failed;
        /** Where the rows of the block being read wait, from the first row until the partition is read. */
        private Staging staging;

        Stacker(int partition, Iterator<T> source, int xw, int yw) {
            this.partition = partition;
            this.source = source;
            this.xw = xw;
            this.yw = yw;
        }

        /**
         * Copies one example into the staging's chunks, x values from {@code x[xo]} and y values
         * from {@code y[yo]}; {@code at} names it in errors ("row 7 of partition 2"), made only
         * for an error rather than for every row.
         */
        abstract void put(T example, Supplier<String> at, double[] x, int xo, double[] y, int yo);

        abstract Shape xShape(int n);

        abstract Shape yShape(int n);

        @Override
        public boolean hasNext() {
            return !failed && source.hasNext();
        }

        @Override
        public Block next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (staging == null) {
                staging = Staging.take(xw, yw);
            }
            int n = 0;
            while (n < ROWS && source.hasNext()) {
                long row = seen + n;
                try {
                    put(source.next(), () -> "row " + row + " of partition " + partition, staging.xChunk(n),
                            staging.xOffset(n), staging.yChunk(n), staging.yOffset(n));
                } catch (IllegalArgumentException e) {
                    failed = true;
                    release();
                    return new Block.Bad(e);
                }
                n++;
            }
            seen += n;
            Block block = new Block.Examples(new Batch(staging.x(xShape(n)), staging.y(yShape(n)), index++));
            if (!source.hasNext()) {
                release();
            }
            return block;
        }

        private void release() {
            staging.release();
            staging = null;
        }
    }
}
