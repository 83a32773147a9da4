// float32: FloatKernels is generated from this file (core/src/build).
package io.fluxion.tensor.internal;

import io.fluxion.tensor.Buffer;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The shared numerical loops: element-wise maps, broadcasting binary operations, reductions over
 * axes, broadcasting and its transpose, permuted copies and batched matrix products, at any rank.
 *
 * <p>Every kernel takes its output as an explicit {@link Buffer} argument, sized by the caller
 * (EJML's style), so that compiled programs reuse their buffers. Kernels particular to one
 * operation live beside that operation's family and reach storage through {@link Storage}.
 *
 * <p>Each kernel is written once, for float64: the build generates the float32 twin named on the
 * first line from this file by substitution, and each entry point here sends a float32 output
 * there. A kernel's arguments have its output's dtype. Sums in float32 kernels accumulate
 * in float, as {@code sgemm} does, where nearly all the summing of a float32 step happens.
 */
public final class Kernels {

    private Kernels() {}

    // The common arithmetic has loops of its own: a generic kernel calls its operator once per
    // element through an interface, and once several operators have passed through it the call is
    // megamorphic (not inlined, not vectorised), which costs several times the arithmetic itself.

    /** The operation code of addition, for {@link #arithmetic}. */
    public static final int ADD = 0;
    /** The operation code of subtraction. */
    public static final int SUB = 1;
    /** The operation code of multiplication. */
    public static final int MUL = 2;
    /** The operation code of division. */
    public static final int DIV = 3;

    /** out = f(a) element by element. */
    public static void map(Tensor a, DoubleUnaryOperator f, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatKernels.map(a, f, out); return; }
        double[] x = Storage.read(a);
        double[] y = Storage.write(out);
        for (int i = 0; i < y.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
    }

    /** out = a + b, broadcasting a and b to out's shape. */
    public static void add(Tensor a, Tensor b, Buffer out) {
        arithmetic(ADD, a, b, out);
    }

    /** out = a - b, broadcasting. */
    public static void sub(Tensor a, Tensor b, Buffer out) {
        arithmetic(SUB, a, b, out);
    }

    /** out = a * b element by element, broadcasting. */
    public static void mul(Tensor a, Tensor b, Buffer out) {
        arithmetic(MUL, a, b, out);
    }

    /** out = a / b element by element, broadcasting. */
    public static void div(Tensor a, Tensor b, Buffer out) {
        arithmetic(DIV, a, b, out);
    }

    /** out = -a. */
    public static void neg(Tensor a, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatKernels.neg(a, out); return; }
        double[] x = Storage.read(a);
        double[] z = Storage.write(out);
        for (int i = 0; i < z.length; i++) {
            z[i] = -x[i];
        }
    }

    /** A broadcasting binary operation ({@link #ADD}, {@link #SUB}, {@link #MUL}, {@link #DIV}) as rows of tight loops. */
    public static void arithmetic(int op, Tensor a, Tensor b, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatKernels.arithmetic(op, a, b, out); return; }
        double[] x = Storage.read(a);
        double[] y = Storage.read(b);
        double[] z = Storage.write(out);
        int n = z.length;
        int as = x.length;
        int bs = y.length;
        if ((as == n || as == 1) && (bs == n || bs == 1)) {
            row(op, x, 0, as == n ? 1 : 0, y, 0, bs == n ? 1 : 0, z, 0, n, null);
            return;
        }
        // A bias added to every row: rows of tight loops, without an odometer to allocate.
        if ((as == n && b.shape().tiles(out.shape())) || (bs == n && a.shape().tiles(out.shape()))) {
            int len = Math.min(as, bs);
            double[][] scratch = {new double[len], null};
            for (int r = 0; r < n; r += len) {
                row(op, x, as == n ? r : 0, 1, y, bs == n ? r : 0, 1, z, r, len, scratch);
            }
            return;
        }
        Odometer o = Odometer.broadcasting(out.shape(), a.shape(), b.shape());
        int len = o.inner();
        int xs = o.step(0);
        int ys = o.step(1);
        double[][] scratch = {new double[len], null};
        for (int r = 0, rows = o.rows(), zo = 0; r < rows; r++, zo += len, o.next()) {
            row(op, x, o.offsets[0], xs, y, o.offsets[1], ys, z, zo, len, scratch);
        }
    }

    /**
     * z[zo + i] = x[xo + i·xs] op y[yo + i·ys] for i &lt; n, with strides 0 or 1.
     *
     * <p>C2 (JDK 21 to 25) vectorises a loop only when the arrays it writes and reads are indexed
     * alike: it cannot rule out that z is x or y, so {@code z[zo + i] = x[xo + i] + y[yo + i]}
     * with different offsets runs one element at a time, 5 times as long as the same loop at one
     * index (16,384 floats: 6.4 against 1.3 µs). A row whose operands are not at z's offset is
     * therefore computed at offset 0: an operand elsewhere is first copied to a scratch array
     * ({@code scratch[0]}, of at least n elements, and {@code scratch[1]}, made here when both
     * operands need one), and the result copied out. The operations and their order are the same
     * either way, so are the bits.
     */
    private static void row(int op, double[] x, int xo, int xs, double[] y, int yo, int ys, double[] z, int zo, int n,
            double[][] scratch) {
        if ((xs == 0 || xo == zo) && (ys == 0 || yo == zo)) {
            aligned(op, x, xs == 0 ? xo : -1, y, ys == 0 ? yo : -1, z, zo, zo + n);
            return;
        }
        double[] s = scratch[0];
        double[] u = x;
        double[] v = y;
        if (xs == 1 && xo != 0) {
            System.arraycopy(x, xo, s, 0, n);
            u = s;
        }
        if (ys == 1 && yo != 0) {
            if (u == s && scratch[1] == null) {
                scratch[1] = new double[n];
            }
            v = u == s ? scratch[1] : s;
            System.arraycopy(y, yo, v, 0, n);
        }
        double[] target = zo == 0 ? z : s;
        aligned(op, u, xs == 0 ? xo : -1, v, ys == 0 ? yo : -1, target, 0, n);
        if (target != z) {
            System.arraycopy(s, 0, z, zo, n);
        }
    }

    /**
     * z[i] = x[i] op y[i] for i in [from, to), every array at the same index, except an operand
     * given a position {@code at} ≥ 0, which is the one element {@code x[xAt]} (or {@code y[yAt]})
     * for every i.
     */
    private static void aligned(int op, double[] x, int xAt, double[] y, int yAt, double[] z, int from, int to) {
        if (xAt >= 0 && yAt >= 0) {
            double c = switch (op) {
                case ADD -> x[xAt] + y[yAt];
                case SUB -> x[xAt] - y[yAt];
                case MUL -> x[xAt] * y[yAt];
                default -> x[xAt] / y[yAt];
            };
            Arrays.fill(z, from, to, c);
        } else if (xAt < 0 && yAt < 0) {
            switch (op) {
                case ADD -> { for (int i = from; i < to; i++) z[i] = x[i] + y[i]; }
                case SUB -> { for (int i = from; i < to; i++) z[i] = x[i] - y[i]; }
                case MUL -> { for (int i = from; i < to; i++) z[i] = x[i] * y[i]; }
                default -> { for (int i = from; i < to; i++) z[i] = x[i] / y[i]; }
            }
        } else if (yAt >= 0) {
            double c = y[yAt];
            switch (op) {
                case ADD -> { for (int i = from; i < to; i++) z[i] = x[i] + c; }
                case SUB -> { for (int i = from; i < to; i++) z[i] = x[i] - c; }
                case MUL -> { for (int i = from; i < to; i++) z[i] = x[i] * c; }
                default -> { for (int i = from; i < to; i++) z[i] = x[i] / c; }
            }
        } else {
            double c = x[xAt];
            switch (op) {
                case ADD -> { for (int i = from; i < to; i++) z[i] = c + y[i]; }
                case SUB -> { for (int i = from; i < to; i++) z[i] = c - y[i]; }
                case MUL -> { for (int i = from; i < to; i++) z[i] = c * y[i]; }
                default -> { for (int i = from; i < to; i++) z[i] = c / y[i]; }
            }
        }
    }

    /** out = f(a, b) element by element, broadcasting a and b to out's shape. */
    public static void zip(Tensor a, Tensor b, DoubleBinaryOperator f, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatKernels.zip(a, b, f, out); return; }
        double[] x = Storage.read(a);
        double[] y = Storage.read(b);
        double[] z = Storage.write(out);
        int n = z.length;
        if ((x.length == n || x.length == 1) && (y.length == n || y.length == 1)) {
            // Same shapes, or one element against many (scalars above all): one row, no odometer.
            int xs = x.length == n ? 1 : 0;
            int ys = y.length == n ? 1 : 0;
            for (int i = 0, xo = 0, yo = 0; i < n; i++, xo += xs, yo += ys) {
                z[i] = f.applyAsDouble(x[xo], y[yo]);
            }
            return;
        }
        Odometer o = Odometer.broadcasting(out.shape(), a.shape(), b.shape());
        int len = o.inner();
        int xs = o.step(0);
        int ys = o.step(1);
        for (int r = 0, rows = o.rows(), zo = 0; r < rows; r++, zo += len, o.next()) {
            for (int i = 0, xo = o.offsets[0], yo = o.offsets[1]; i < len; i++, xo += xs, yo += ys) {
                z[zo + i] = f.applyAsDouble(x[xo], y[yo]);
            }
        }
    }

    /** out = cond != 0 ? a : b element by element, broadcasting all three to out's shape. */
    public static void select(Tensor cond, Tensor a, Tensor b, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatKernels.select(cond, a, b, out); return; }
        double[] c = Storage.read(cond);
        double[] x = Storage.read(a);
        double[] y = Storage.read(b);
        double[] z = Storage.write(out);
        int n = z.length;
        if ((c.length == n || c.length == 1) && (x.length == n || x.length == 1) && (y.length == n || y.length == 1)) {
            int cs = c.length == n ? 1 : 0;
            int xs = x.length == n ? 1 : 0;
            int ys = y.length == n ? 1 : 0;
            for (int i = 0, co = 0, xo = 0, yo = 0; i < n; i++, co += cs, xo += xs, yo += ys) {
                z[i] = c[co] != 0 ? x[xo] : y[yo];
            }
            return;
        }
        Odometer o = Odometer.broadcasting(out.shape(), cond.shape(), a.shape(), b.shape());
        int len = o.inner();
        int cs = o.step(0);
        int xs = o.step(1);
        int ys = o.step(2);
        for (int r = 0, rows = o.rows(), zo = 0; r < rows; r++, zo += len, o.next()) {
            for (int i = 0, co = o.offsets[0], xo = o.offsets[1], yo = o.offsets[2]; i < len;
                    i++, co += cs, xo += xs, yo += ys) {
                z[zo + i] = c[co] != 0 ? x[xo] : y[yo];
            }
        }
    }

    /** out = a broadcast to out's shape. */
    public static void broadcastTo(Tensor a, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatKernels.broadcastTo(a, out); return; }
        stridedCopy(Storage.read(a), Odometer.broadcastStrides(a.shape(), out.shape()), out);
    }

    /** out = a with its axes permuted: out's axis i is a's axis {@code perm[i]} (NumPy's transpose). */
    public static void permute(Tensor a, int[] perm, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatKernels.permute(a, perm, out); return; }
        int[] own = a.shape().strides();
        int[] s = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            s[i] = own[perm[i]];
        }
        stridedCopy(Storage.read(a), s, out);
    }

    /** out, walked in order, takes x at the offsets the strides (along out's axes) give. */
    private static void stridedCopy(double[] x, int[] strides, Buffer out) {
        double[] z = Storage.write(out);
        Odometer o = new Odometer(out.shape().dims(), strides);
        int len = o.inner();
        int xs = o.step(0);
        for (int r = 0, rows = o.rows(), zo = 0; r < rows; r++, zo += len, o.next()) {
            int xo = o.offsets[0];
            if (xs == 1) {
                System.arraycopy(x, xo, z, zo, len);
            } else if (xs == 0) {
                Arrays.fill(z, zo, zo + len, x[xo]);
            } else {
                for (int i = 0; i < len; i++, xo += xs) {
                    z[zo + i] = x[xo];
                }
            }
        }
    }

    /** out = the elements of a, in order (a reshape). */
    public static void copy(Tensor a, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatKernels.copy(a, out); return; }
        double[] z = Storage.write(out);
        System.arraycopy(Storage.read(a), 0, z, 0, z.length);
    }

    /**
     * out = the reduction of a over the axes marked in {@code axes} (one flag per axis of a), times
     * {@code scale}; out has a's shape without those axes or with them as 1 (the same storage).
     */
    public static void reduce(Tensor a, boolean[] axes, Reducer how, double scale, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatKernels.reduce(a, axes, how, (float) scale, out); return; }
        double[] z = Storage.write(out);
        if (how == Reducer.SUM && z.length == 1) {
            // Everything summed (a mean loss): the order the odometer walks, without allocating it.
            double s = 0;
            for (double x : Storage.read(a)) {
                s += x;
            }
            z[0] = s * scale;
            return;
        }
        int r = a.shape().rank();
        int[] zs = new int[r];
        int step = 1;
        for (int ax = r - 1; ax >= 0; ax--) {
            if (!axes[ax]) {
                zs[ax] = step;
                step *= a.shape().dim(ax);
            }
        }
        switch (how) {
            case SUM -> accumulate(a, zs, z, 0, false, 0);
            case MAX -> accumulate(a, zs, z, Double.NEGATIVE_INFINITY, true, 1);
            case MIN -> accumulate(a, zs, z, Double.POSITIVE_INFINITY, true, -1);
            case LOG_SUM_EXP -> {
                double[] max = new double[z.length];
                accumulate(a, zs, max, Double.NEGATIVE_INFINITY, true, 1);
                for (int i = 0; i < max.length; i++) {
                    // An infinite maximum would make x - max NaN; shift by 0 instead.
                    if (Double.isInfinite(max[i])) {
                        max[i] = 0;
                    }
                }
                Arrays.fill(z, 0);
                double[] x = Storage.read(a);
                Odometer o = new Odometer(a.shape().dims(), a.shape().strides(), zs);
                int len = o.inner();
                int zstep = o.step(1);
                for (int row = 0, rows = o.rows(); row < rows; row++, o.next()) {
                    for (int i = 0, xo = o.offsets[0], zo = o.offsets[1]; i < len; i++, zo += zstep) {
                        z[zo] += Math.exp(x[xo + i] - max[zo]);
                    }
                }
                for (int i = 0; i < z.length; i++) {
                    z[i] = Math.log(z[i]) + max[i];
                }
            }
        }
        if (scale != 1) {
            for (int i = 0; i < z.length; i++) {
                z[i] *= scale;
            }
        }
    }

    /** z[at] = fold over x with z's strides zs; sign 0 sums, 1 keeps maxima, -1 minima. */
    private static void accumulate(Tensor a, int[] zs, double[] z, double start, boolean extreme, int sign) {
        Arrays.fill(z, start);
        double[] x = Storage.read(a);
        Odometer o = new Odometer(a.shape().dims(), a.shape().strides(), zs);
        int len = o.inner();
        int zstep = o.step(1);
        double[][] scratch = !extreme && zstep == 1 ? new double[][] {new double[len], null} : null;
        for (int row = 0, rows = o.rows(); row < rows; row++, o.next()) {
            int xo = o.offsets[0];
            int zo = o.offsets[1];
            if (!extreme) {
                if (zstep == 0) {
                    double s = z[zo];
                    for (int i = 0; i < len; i++) {
                        s += x[xo + i];
                    }
                    z[zo] = s;
                } else if (zstep == 1) {
                    addRow(x, xo, z, zo, len, scratch);
                } else {
                    for (int i = 0; i < len; i++) {
                        z[zo + i * zstep] += x[xo + i];
                    }
                }
            } else {
                for (int i = 0; i < len; i++, zo += zstep) {
                    double v = x[xo + i];
                    double m = z[zo];
                    if (sign * (v - m) > 0 || (Double.isNaN(v) && !Double.isNaN(m))) {
                        z[zo] = v;
                    }
                }
            }
        }
    }

    /**
     * z[zo + i] += x[xo + i] for i &lt; n, at one index through copies (see {@link #row}): x's row
     * into {@code scratch[0]} (at least n long), and, unless zo is 0, z's row into
     * {@code scratch[1]}, made here, added there and copied back. The same additions in the same
     * order, so the same bits.
     */
    private static void addRow(double[] x, int xo, double[] z, int zo, int n, double[][] scratch) {
        double[] xRow = scratch[0];
        System.arraycopy(x, xo, xRow, 0, n);
        if (zo == 0) {
            for (int i = 0; i < n; i++) {
                z[i] += xRow[i];
            }
            return;
        }
        if (scratch[1] == null) {
            scratch[1] = new double[n];
        }
        double[] zRow = scratch[1];
        System.arraycopy(z, zo, zRow, 0, n);
        for (int i = 0; i < n; i++) {
            zRow[i] += xRow[i];
        }
        System.arraycopy(zRow, 0, z, zo, n);
    }

    /** out = a summed over the dimensions that broadcasting out's shape to a's shape would stretch. */
    public static void sumTo(Tensor a, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatKernels.sumTo(a, out); return; }
        Shape s = a.shape();
        if (out.shape().size() == s.size()) {
            System.arraycopy(Storage.read(a), 0, Storage.write(out), 0, s.size());
            return;
        }
        // Rows summed (a bias gradient): in the order the general reduction sums, without its allocations.
        if (out.shape().tiles(s)) {
            double[] x = Storage.read(a);
            double[] z = Storage.write(out);
            int k = z.length;
            Arrays.fill(z, 0);
            double[][] scratch = {new double[k], null};
            for (int r = 0; r < x.length; r += k) {
                addRow(x, r, z, 0, k, scratch);
            }
            return;
        }
        int r = s.rank();
        boolean[] axes = new boolean[r];
        int shift = r - out.shape().rank();
        for (int ax = 0; ax < r; ax++) {
            axes[ax] = ax < shift || (out.shape().dim(ax - shift) == 1 && s.dim(ax) != 1);
        }
        reduce(a, axes, Reducer.SUM, 1, out);
    }

    /**
     * out = op(a) · op(b) as NumPy's matmul, batched over leading dimensions that broadcast; each
     * product is one {@code dgemm} (a float32 one {@code sgemm}) that reads a transposed operand in
     * place (large ones cut into parts by {@link Blas}). A vector is one row on the left and one column on the right; ta/tb
     * apply to the last two axes of a matrix.
     */
    public static void matmul(Tensor a, boolean ta, Tensor b, boolean tb, Buffer out) {
        if (out.dtype() == DType.FLOAT32) { FloatKernels.matmul(a, ta, b, tb, out); return; }
        Shape as = a.shape();
        Shape bs = b.shape();
        int m = as.rank() == 1 ? 1 : (ta ? as.dim(-1) : as.dim(-2));
        int k = as.rank() == 1 ? as.dim(0) : (ta ? as.dim(-2) : as.dim(-1));
        int n = bs.rank() == 1 ? 1 : (tb ? bs.dim(-2) : bs.dim(-1));
        Shape ab = as.rank() <= 2 ? Shape.scalar() : as.take(as.rank() - 2);
        Shape bb = bs.rank() <= 2 ? Shape.scalar() : bs.take(bs.rank() - 2);
        double[] x = Storage.read(a);
        double[] y = Storage.read(b);
        double[] z = Storage.write(out);
        if (ab.isScalar() && bb.isScalar()) {
            Blas.gemm(x, 0, ta, y, 0, tb, m, n, k, z, 0);
            return;
        }
        if (bb.isScalar() && !ta) {
            // A stack of matrices times one matrix is one product of the stacked rows.
            Blas.gemm(x, 0, false, y, 0, tb, ab.size() * m, n, k, z, 0);
            return;
        }
        Shape batch = Shape.broadcast(ab, bb).get();
        Odometer o = Odometer.broadcasting(batch, ab, bb);
        int len = o.inner();
        int am = m * k;
        int bm = k * n;
        int count = batch.size();
        int[] aOffsets = new int[count];
        int[] bOffsets = new int[count];
        int c = 0;
        for (int r = 0, rows = o.rows(); r < rows; r++, o.next()) {
            for (int i = 0; i < len; i++, c++) {
                aOffsets[c] = (o.offsets[0] + i * o.step(0)) * am;
                bOffsets[c] = (o.offsets[1] + i * o.step(1)) * bm;
            }
        }
        Blas.gemms(x, aOffsets, ta, y, bOffsets, tb, m, n, k, z, count);
    }
}
