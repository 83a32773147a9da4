package io.fluxion.spark;

import io.fluxion.data.Batch;
import io.fluxion.nn.Params;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.fluxion.train.Objective;
import io.vavr.Tuple2;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The first rows of the training data (up to two), which the driver fetches when training is set
 * up, to learn the rows' widths; kept to find the loss's reduction on the driver, so that this
 * costs no Spark job and ships no block of rows back from an executor. Rows after the first that
 * are not of its widths, or hold a null, are left out: reading the rows names them.
 *
 * @param examples the rows as a batch, examples along the first axis
 */
record FirstRows(Batch examples) {

    /** How many rows to fetch. */
    static final int COUNT = 2;

    /** DataFrame rows of (features array, label double or array); the first is known to hold both. */
    static FirstRows ofRows(List<Row> rows, int width, int labelWidth, boolean scalarLabel) {
        List<double[]> x = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        for (Row r : rows) {
            double[] features = values(r, 0, width);
            double[] label = scalarLabel ? (r.isNullAt(1) ? null : new double[] {r.getDouble(1)})
                    : values(r, 1, labelWidth);
            if (features != null && label != null) {
                x.add(features);
                y.add(label);
            }
        }
        return new FirstRows(new Batch(stack(Shape.of(width), x), stack(scalarLabel ? Shape.scalar()
                : Shape.of(labelWidth), y), 0));
    }

    /** (x, y) pairs; those of the first's shapes are kept. */
    static FirstRows ofPairs(List<Tuple2<Tensor, Tensor>> pairs) {
        Shape xs = pairs.get(0)._1.shape();
        Shape ys = pairs.get(0)._2.shape();
        List<double[]> x = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        for (Tuple2<Tensor, Tensor> p : pairs) {
            if (p._1.shape().equals(xs) && p._2.shape().equals(ys)) {
                x.add(p._1.toArray());
                y.add(p._2.toArray());
            }
        }
        return new FirstRows(new Batch(stack(xs, x), stack(ys, y), 0));
    }

    /**
     * Whether the loss is a mean or a sum over examples, at {@code params}: duplicating every
     * example leaves a mean unchanged and doubles a sum.
     *
     * @throws IllegalArgumentException when the rows cannot tell (a loss of 0 on them, or neither)
     */
    LossReduction reduction(Objective objective, Params params) {
        int k = examples.size();
        int[] twice = new int[2 * k];
        for (int i = 0; i < k; i++) {
            twice[i] = i;
            twice[k + i] = i;
        }
        double l1 = objective.loss(params, examples.x(), examples.y());
        double l2 = objective.loss(params, examples.x().takeRows(twice), examples.y().takeRows(twice));
        double tol = 1e-9 * Math.max(1, Math.abs(l1));
        boolean isMean = Math.abs(l2 - l1) <= tol;
        boolean isSum = Math.abs(l2 - 2 * l1) <= tol;
        if (isMean == isSum) {
            throw new IllegalArgumentException("SparkTraining: cannot tell whether the loss is a mean or a sum "
                    + "over examples (on the first rows it is " + l1 + ", and " + l2 + " with every example twice); "
                    + "say which with withLossReduction(LossReduction.MEAN or SUM)");
        }
        return isMean ? LossReduction.MEAN : LossReduction.SUM;
    }

    /** A row's array column as doubles, or null if it is null, holds a null or is not {@code width} long. */
    private static double[] values(Row row, int field, int width) {
        if (row.isNullAt(field)) {
            return null;
        }
        List<Object> list = row.getList(field);
        if (list.size() != width) {
            return null;
        }
        double[] d = new double[width];
        for (int i = 0; i < width; i++) {
            if (!(list.get(i) instanceof Double v)) {
                return null;
            }
            d[i] = v;
        }
        return d;
    }

    private static Tensor stack(Shape example, List<double[]> rows) {
        double[] all = new double[rows.size() * example.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, all, i * example.size(), example.size());
        }
        return Tensor.of(Shape.of(rows.size()).concat(example), all);
    }
}
