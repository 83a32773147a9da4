package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.interp.Scan;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import java.util.Random;
import java.util.function.Function;

/**
 * One or more applications of every catalogued primitive, at per-example shapes that reach each
 * case of its batching rule (vectors and batches in products, every axis, keep-dims, scalars),
 * with arguments whose values keep it defined: positive reals, integer indices, 0/1 masks and
 * well-conditioned matrices; and images (N, C, H, W) under strides and paddings that leave rows
 * or columns out, as PyTorch's windows do.
 */
final class BatchingSamples {
    private BatchingSamples() {}

    /** What values an argument takes. */
    enum Kind { REAL, MASK, WELL_CONDITIONED }

    /** An argument: its per-example shape, its kind, and for indices the bound they stay below (0 otherwise). */
    record Arg(Shape shape, Kind kind, int indexBound) {
        /** A random value of this argument. */
        Tensor value(Random r) {
            double[] d = new double[shape.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = indexBound > 0 ? r.nextInt(indexBound)
                        : kind == Kind.MASK ? r.nextInt(2)
                        : 0.5 + r.nextDouble();
            }
            if (kind == Kind.WELL_CONDITIONED) {
                int n = shape.dim(-1);
                for (int i = 0; i < d.length; i += n + 1) {
                    d[i] += n;
                }
            }
            return Tensor.of(shape, d);
        }
    }

    /**
     * A sample: the primitive's name, its arguments and how to build the application from them.
     *
     * @param name the catalogued name of the primitive the application contains
     * @param args the arguments
     * @param build the application
     */
    record Sample(String name, List<Arg> args, Function<List<Expr>, Expr> build) {
        @Override
        public String toString() {
            return name + args.map(a -> a.shape().toString()).mkString("(", ", ", ")");
        }
    }

    static Arg real(int... dims) {
        return new Arg(Shape.of(dims), Kind.REAL, 0);
    }

    static Arg index(int bound, int... dims) {
        return new Arg(Shape.of(dims), Kind.REAL, bound);
    }

    static Arg mask(int... dims) {
        return new Arg(Shape.of(dims), Kind.MASK, 0);
    }

    static Arg square(int... dims) {
        return new Arg(Shape.of(dims), Kind.WELL_CONDITIONED, 0);
    }

    private static Sample one(String name, Arg a, Function<Expr, Expr> f) {
        return new Sample(name, List.of(a), args -> f.apply(args.head()));
    }

    private static Sample two(String name, Arg a, Arg b, java.util.function.BiFunction<Expr, Expr, Expr> f) {
        return new Sample(name, List.of(a, b), args -> f.apply(args.get(0), args.get(1)));
    }

    private static Sample product(String name, boolean ta, boolean tb, Arg a, Arg b) {
        return two(name, a, b, (x, y) -> Apply.of(new Linalg.MatMul(ta, tb), x, y));
    }

    /** Every sample: the catalogue's element-wise functions of one argument at three ranks, then the others. */
    static List<Sample> all() {
        List<Sample> out = List.empty();
        for (Catalogue.Unary u : Catalogue.unary()) {
            out = out.append(one(u.name(), real(), u.apply())).append(one(u.name(), real(3), u.apply()))
                    .append(one(u.name(), real(2, 3), u.apply()));
        }
        return out.appendAll(List.of(
                two("add", real(2, 3), real(3), Expr::plus), two("add", real(), real(2, 3), Expr::plus),
                two("sub", real(3), real(2, 1), Expr::minus), two("mul", real(2, 3), real(2, 3), Expr::times),
                two("div", real(2, 3), real(3), Expr::div), two("pow", real(3), real(3), Expr::pow),
                two("eq", real(3), real(3), (a, b) -> a.eq(b.times(0).plus(a))), two("gt", real(2, 3), real(3), Expr::gt),
                two("lt", real(3), real(), Expr::lt),
                one("sum", real(2, 3), Expr::sum), one("sum", real(2, 3), x -> x.sum(1)),
                one("sum", real(2, 3), x -> x.sum(true, 0)), one("sum", real(), Expr::sum),
                one("mean", real(2, 3), Expr::mean), one("mean", real(2, 3), x -> x.mean(0)),
                one("max", real(2, 3), x -> x.max(1)), one("max", real(2, 3), x -> x.max()),
                one("min", real(2, 3), x -> x.min(0)), one("min", real(), x -> Reduction.min(x, false)),
                one("logSumExp", real(2, 3), x -> x.logSumExp(1)), one("logSumExp", real(2, 3), x -> x.logSumExp()),
                one("argmax", real(2, 3), x -> x.argmax(1)), one("argmax", real(3), x -> x.argmax(0)),
                one("sumTo", real(2, 3), x -> x.sumTo(Shape.vector(3))), one("sumTo", real(2, 3), x -> x.sumTo(Shape.of(2, 1))),
                one("sumTo", real(2, 3), x -> x.sumTo(Shape.scalar())),
                one("broadcastTo", real(3), x -> x.broadcastTo(Shape.of(2, 3))),
                one("broadcastTo", real(2, 1), x -> x.broadcastTo(Shape.of(4, 2, 3))),
                one("broadcastTo", real(), x -> x.broadcastTo(Shape.of(2))),
                one("reshape", real(2, 3), x -> x.reshape(3, 2)), one("reshape", real(), x -> x.reshape(1, 1)),
                one("slice", real(2, 3), x -> x.slice(1, 1, 3)), one("slice", real(4), x -> x.slice(0, 0, 2)),
                one("pad", real(2, 3), x -> Structure.pad(x, 1, 1, 5)), one("pad", real(2), x -> Structure.pad(x, 0, 0, 3)),
                two("concat", real(2, 3), real(1, 3), (a, b) -> Structure.concat(0, List.of(a, b))),
                two("concat", real(2, 3), real(2, 1), (a, b) -> Structure.concat(1, List.of(a, b))),
                two("take", real(4, 3), index(4, 2), (x, i) -> x.take(i, 0)),
                two("take", real(4, 3), index(3, 2, 2), (x, i) -> x.take(i, 1)),
                two("take", real(2, 4, 3), index(4, 5), (x, i) -> x.take(i, 1)),
                two("scatterAdd", real(2, 3), index(4, 2), (g, i) -> Apply.of(new Structure.ScatterAdd(0, 4), g, i)),
                two("scatterAdd", real(3, 2, 2), index(5, 2, 2), (g, i) -> Apply.of(new Structure.ScatterAdd(1, 5), g, i)),
                one("oneHot", index(4, 3), x -> x.oneHot(4)), one("oneHot", index(3), x -> x.oneHot(3)),
                new Sample("where", List.of(mask(2, 3), real(3), real(2, 3)),
                        a -> Structure.where(a.get(0), a.get(1), a.get(2))),
                new Sample("where", List.of(mask(3), real(), real(2, 3)),
                        a -> Structure.where(a.get(0), a.get(1), a.get(2))),
                one("stopGradient", real(2, 3), Expr::stopGradient),
                one("transpose", real(2, 3), Expr::transpose), one("transpose", real(2, 3, 4), x -> x.transpose(2, 0, 1)),
                product("matmul", false, false, real(2, 3), real(3, 4)), product("matmul", false, false, real(3), real(3, 4)),
                product("matmul", false, false, real(2, 3), real(3)), product("matmul", false, false, real(3), real(3)),
                product("matmul", false, false, real(2, 2, 3), real(3, 4)),
                product("matmul", false, false, real(2, 3), real(2, 3, 4)),
                product("matmul", false, false, real(3), real(2, 3, 4)),
                product("matmul", false, false, real(2, 2, 3), real(3)),
                product("matmul", false, false, real(2, 1, 2, 3), real(3, 3, 4)),
                product("matmulNT", false, true, real(2, 3), real(4, 3)),
                product("matmulNT", false, true, real(3), real(2, 4, 3)),
                product("matmulTN", true, false, real(3, 2), real(3, 4)),
                product("matmulTN", true, false, real(3, 2), real(3)),
                product("matmulTT", true, true, real(2, 3, 2), real(4, 3)),
                one("softmax", real(2, 3), x -> x.softmax(0)), one("softmax", real(3), Expr::softmax),
                one("logSoftmax", real(2, 3), x -> x.logSoftmax(1)), one("logSoftmax", real(3), Expr::logSoftmax),
                two("logSoftmaxVjp", real(2, 3), real(2, 3), (y, g) -> Apply.of(new Activation.LogSoftmaxVjp(1), y, g)),
                two("logSoftmaxVjpOfLogits", real(2, 3), real(2, 3),
                        (z, g) -> Apply.of(new Activation.LogSoftmaxVjpOfLogits(0), z, g)),
                two("softmaxCrossEntropy", real(2, 3), real(2, 3), (z, y) -> Activation.softmaxCrossEntropy(z, y, 1)),
                two("softmaxCrossEntropy", real(3), real(3), (z, y) -> Activation.softmaxCrossEntropy(z, y, 0)),
                two("softmaxCrossEntropyOfSoftmax", real(2, 3), real(2, 3),
                        (z, y) -> Apply.of(new Activation.SoftmaxCrossEntropyOfSoftmax(1), z, z.softmax(1), y)),
                two("logSoftmaxVjpOfSoftmax", real(2, 3), real(2, 3),
                        (z, g) -> Apply.of(new Activation.LogSoftmaxVjpOfSoftmax(0), z.softmax(0), g)),
                one("inv", square(3, 3), Expr::inv), one("inv", square(2, 2, 2), Expr::inv),
                one("det", square(3, 3), Expr::det), one("logDet", square(2, 3, 3), Expr::logDet),
                one("trace", real(3, 3), Expr::trace), one("diagonal", real(2, 3, 3), Expr::diagonal),
                one("diagEmbed", real(3), Expr::diagEmbed),
                two("solve", square(3, 3), real(3, 2), Expr::solve), two("solve", square(3, 3), real(3), Expr::solve),
                two("solve", square(2, 3, 3), real(3, 2), Expr::solve),
                two("solve", square(3, 3), real(2, 3, 2), Expr::solve),
                two("conv2d", real(2, 2, 5, 5), real(3, 2, 3, 3), (x, k) -> Convolution.conv2d(x, k, 1, 1)),
                two("conv2d", real(1, 2, 6, 5), real(2, 2, 2, 3), (x, k) -> Convolution.conv2d(x, k, 2, 0)),
                two("conv2dTranspose", real(2, 3, 3, 3), real(3, 2, 3, 3),
                        (g, k) -> Convolution.conv2dTranspose(g, k, 2, 1, 5, 6)),
                two("conv2dKernelGrad", real(2, 2, 5, 6), real(2, 3, 3, 3),
                        (x, g) -> Apply.of(new Convolution.Conv2dKernelGrad(2, 1, 3, 3), x, g)),
                one("maxPool2d", real(2, 2, 4, 4), x -> Pooling.maxPool2d(x, 2, 2)),
                one("maxPool2d", real(1, 2, 5, 4), x -> Pooling.maxPool2d(x, 3, 1)),
                two("maxPool2dSelect", real(2, 2, 4, 5), real(2, 2, 4, 5),
                        (x, t) -> Apply.of(new Pooling.MaxPool2dSelect(2, 2), x, t)),
                two("maxPool2dScatter", real(2, 2, 4, 5), real(2, 2, 2, 2),
                        (x, g) -> Apply.of(new Pooling.MaxPool2dScatter(2, 2), x, g)),
                one("avgPool2d", real(2, 2, 4, 5), x -> Pooling.avgPool2d(x, 2, 1)),
                one("avgPool2dTranspose", real(2, 2, 2, 2), g -> Apply.of(new Pooling.AvgPool2dTranspose(2, 2, 4, 5), g)),
                // Keys drawn as random words below 2¹⁶: one key, and keys stacked in a matrix.
                one("uniform", index(1 << 16, 4), k -> Randomness.uniform(k, Shape.of(2, 3), 7L)),
                one("uniform", index(1 << 16, 2, 4), k -> Randomness.uniform(k, Shape.vector(3), 0L)),
                // The carry meets every argument: mapped whichever one is (a fixed point when only xs or w is).
                new Sample("scan", List.of(real(3), real(4, 3), real(3)), a -> scanned(Scan.scan((h, x) -> {
                    Expr next = h.times(a.get(2)).plus(x).tanh();
                    return Tuple.of(next, next.times(x).sum());
                }, a.get(0), a.get(1)))),
                // The carry never meets xs: shared when only xs is mapped, while the outputs are mapped.
                new Sample("scan", List.of(real(2), real(3, 2), real(2)), a -> scanned(Scan.scan((h, x) ->
                        Tuple.of(h.times(a.get(2)).sin(), h.times(x)), a.get(0), a.get(1), true))),
                // The body never reads xs: a mapped sequence alone leaves the whole loop shared.
                new Sample("scan", List.of(real(), real(3), real(2)), a -> scanned(Scan.scan((h, x) ->
                        Tuple.of(h.times(a.get(2).sum()).cos(), h.plus(a.get(2))), a.get(0), a.get(1))))));
    }

    /** A scan's final carry and stacked outputs joined in one vector, so that a check sees both. */
    private static Expr scanned(Tuple2<Expr, Expr> r) {
        return Structure.concat(0, List.of(r._1.reshape(r._1.shape().size()), r._2.reshape(r._2.shape().size())));
    }
}
