package io.fluxion.spark;

import io.vavr.control.Option;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-partition sums added up in a fixed order, whatever order Spark delivers them in.
 *
 * <p>Spark's {@code treeAggregate} merges partial results as its tasks finish, and floating-point
 * addition is not associative, so a plain running sum would differ between runs in its last
 * bits. Here each partition's vector is tagged with its index, and two partial sums are only ever
 * added when they are sibling blocks of one binary tree over the partition indices (blocks
 * [2k·2ʲ, (2k+1)·2ʲ) and [(2k+1)·2ʲ, (2k+2)·2ʲ)). Addition is commutative bit for bit, so every
 * run performs the same additions on the same operands: training is bit-identical run to run.
 */
final class PartialSums implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Blocks not merged yet, by (first partition index, level); a level-j block covers 2ʲ partitions. */
    private final TreeMap<Long, double[]> blocks = new TreeMap<>();
    /** The failure of the partition of lowest index that failed, so that every run reports the same one. */
    private Option<PartialSums.Tagged> failed = Option.none();

    static PartialSums empty() {
        return new PartialSums();
    }

    /** These sums with partition {@code index}'s vector added (mutates and returns this, as treeAggregate allows). */
    static PartialSums add(PartialSums sums, Tagged partition) {
        if (partition.failure().isDefined()) {
            sums.fail(partition);
        } else if (partition.values().length > 0) { // empty: no row of the partition was sampled
            sums.insert(partition.index(), 0, partition.values());
        }
        return sums;
    }

    /** Both sets of sums in one (mutates and returns the first, as treeAggregate allows). */
    static PartialSums merge(PartialSums a, PartialSums b) {
        for (Map.Entry<Long, double[]> e : b.blocks.entrySet()) {
            a.insert(first(e.getKey()), level(e.getKey()), e.getValue());
        }
        b.failed.forEach(a::fail);
        return a;
    }

    /**
     * The total over every partition, adding the remaining blocks from the lowest index up; null if none.
     *
     * @throws RuntimeException the error of the failed partition of lowest index, as its executor threw it
     */
    double[] total() {
        if (failed.isDefined()) {
            throw failed.get().failure().get();
        }
        double[] out = null;
        for (double[] v : blocks.values()) {
            out = out == null ? v.clone() : plus(out, v);
        }
        return out;
    }

    private void fail(Tagged partition) {
        if (failed.forAll(f -> partition.index() < f.index())) {
            failed = Option.some(partition);
        }
    }

    private void insert(long first, int level, double[] values) {
        long start = first;
        int j = level;
        double[] v = values;
        while (true) {
            long size = 1L << j;
            long sibling = (start / size) % 2 == 0 ? start + size : start - size;
            double[] other = blocks.remove(key(sibling, j));
            if (other == null) {
                blocks.put(key(start, j), v);
                return;
            }
            v = plus(v, other);
            start = Math.min(start, sibling);
            j++;
        }
    }

    private static double[] plus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static long key(long first, int level) {
        return (first << 6) | level;
    }

    private static long first(long key) {
        return key >>> 6;
    }

    private static int level(long key) {
        return (int) (key & 63);
    }

    /**
     * One partition's vector of sums and its index, or the error that stopped it: a deterministic
     * one (a bad row, a shape the model rejects, a class the executor cannot load) travels as data,
     * since failing the task would only make Spark retry what fails the same way every time.
     */
    record Tagged(int index, double[] values, Option<RuntimeException> failure) implements Serializable {
        static Tagged of(int index, double[] values) {
            return new Tagged(index, values, Option.none());
        }

        static Tagged failed(int index, RuntimeException error) {
            return new Tagged(index, new double[0], Option.some(error));
        }
    }
}
