package io.fluxion.interp;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.op.Activation;
import io.fluxion.op.Catalogue;
import io.fluxion.op.Convolution;
import io.fluxion.op.Linalg;
import io.fluxion.op.Pooling;
import io.fluxion.op.Structure;
import io.fluxion.tensor.DType;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Random;

/**
 * Every catalogued primitive as a float32 case: how to apply it to variables, a point where it is
 * well conditioned (every element representable in float32), and the bound on how far its
 * float32 value may be from the float64 value at the same point.
 *
 * @param name the catalogued primitive the case applies
 * @param f the expression, from one variable per argument
 * @param at the point, already rounded to float32
 * @param bound how the float32 value may differ
 * @param differentiable whether derivatives flow through it
 */
record Float32Case(String name, DerivativeCheck.Fn f, List<Tensor> at, Bound bound, boolean differentiable) {

    /** u = 2⁻²⁴, the unit round-off of float32 (half its ε). */
    static final double U = 0x1p-24;

    /** γₖ = k·u / (1 − k·u): the bound on k roundings in a row, each of relative error at most u. */
    static double gamma(int k) {
        return k * U / (1 - k * U);
    }

    /** How a float32 value may differ from the float64 value at the same float32 point. */
    sealed interface Bound {}

    /**
     * Bit for bit the float64 value rounded to float32: each element is computed once in double
     * from float arguments and rounded once (for +, −, ×, ÷ that is float arithmetic itself), or
     * only moved.
     */
    record Exact() implements Bound {}

    /**
     * A sum of at most {@code terms} terms per element, accumulated in float:
     * |v₃₂ − v₆₄| ≤ γ_terms · f(|x|), where f(|x|) (the same primitive at the absolute values of
     * its arguments) is Σ|terms| for these primitives, which are sums with non-negative
     * coefficients (matmul: |A|·|B|, the classic bound on a dot product).
     */
    record Sums(int terms) implements Bound {}

    /**
     * The softmax family on lanes of {@code lane} elements: per lane a maximum, lane exponentials,
     * a sum of them and a logarithm, so |v₃₂ − v₆₄| ≤ γ_(lane+4) · (1 + R) · (1 + |v₆₄|) · T, R the
     * largest argument magnitude (exp(x(1 + δ)) = exp(x)(1 + xδ)) and T = 1 + the largest lane sum
     * of |targets| or |cotangents| (1 where there are none).
     */
    record Softmax(int lane) implements Bound {}

    /**
     * An LU factorisation of n×n matrices A in float (backward error γ_n|L||U|, about γ_n|A| for
     * the diagonally dominant matrices used here): |v₃₂ − v₆₄| ≤ 2·κ(A)·γ_(3n)·n·max|v₆₄|
     * elementwise, κ(A) = ‖A‖∞‖A⁻¹‖∞ computed in float64; the factor n covers det, whose relative
     * error sums n pivots' (and logDet, whose absolute error is that relative error).
     */
    record Factored(int n) implements Bound {}

    /** All cases, from a fixed seed. */
    static List<Float32Case> all() {
        Random r = new Random(32);
        Shape m = Shape.matrix(3, 4);
        List<Float32Case> cases = Catalogue.unary().map(e -> new Float32Case(e.name(), a -> e.apply().apply(a.get(0)),
                List.of(unaryPoint(r, e)), new Exact(), true));
        Tensor sq = wellConditioned(r, 3);
        Tensor idx = Tensor.vector(3, 0, 3);
        return cases.appendAll(List.of(
                exact("add", a -> a.get(0).plus(a.get(1)), uniform(r, m, -2, 2), uniform(r, Shape.vector(4), -2, 2)),
                exact("sub", a -> a.get(0).minus(a.get(1)), uniform(r, m, -2, 2), uniform(r, Shape.vector(4), -2, 2)),
                exact("mul", a -> a.get(0).times(a.get(1)), uniform(r, m, -2, 2), uniform(r, Shape.matrix(3, 1), -2, 2)),
                exact("div", a -> a.get(0).div(a.get(1)), uniform(r, m, -2, 2), away(r, m)),
                exact("pow", a -> a.get(0).pow(a.get(1)), uniform(r, m, 0.5, 2), uniform(r, m, -1.5, 1.5)),
                constant("eq", a -> a.get(0).eq(a.get(1)), whole(r, m), whole(r, m)),
                constant("gt", a -> a.get(0).gt(a.get(1)), uniform(r, m, -2, 2), uniform(r, m, -2, 2)),
                constant("lt", a -> a.get(0).lt(a.get(1)), uniform(r, m, -2, 2), uniform(r, m, -2, 2)),
                new Float32Case("sum", a -> a.get(0).sum(1), List.of(uniform(r, m, -2, 2)), new Sums(4), true),
                new Float32Case("mean", a -> a.get(0).mean(0), List.of(uniform(r, m, -2, 2)), new Sums(5), true),
                exact("max", a -> a.get(0).max(1), distinct(r, m)),
                exact("min", a -> a.get(0).min(0), distinct(r, m)),
                new Float32Case("logSumExp", a -> a.get(0).logSumExp(1), List.of(uniform(r, m, -3, 3)), new Softmax(4), true),
                constant("argmax", a -> a.get(0).argmax(1), distinct(r, m)),
                new Float32Case("sumTo", a -> a.get(0).sumTo(Shape.vector(4)), List.of(uniform(r, m, -2, 2)), new Sums(3),
                        true),
                exact("broadcastTo", a -> a.get(0).broadcastTo(m), uniform(r, Shape.vector(4), -2, 2)),
                exact("reshape", a -> a.get(0).reshape(2, 6), uniform(r, m, -2, 2)),
                exact("slice", a -> a.get(0).slice(1, 1, 3), uniform(r, m, -2, 2)),
                exact("pad", a -> Structure.pad(a.get(0), 1, 1, 6), uniform(r, m, -2, 2)),
                exact("concat", a -> Structure.concat(0, List.of(a.get(0), a.get(1))), uniform(r, m, -2, 2),
                        uniform(r, Shape.matrix(2, 4), -2, 2)),
                exact("take", a -> Structure.take(a.get(0), new Const(idx), 1), uniform(r, m, -2, 2)),
                new Float32Case("scatterAdd", a -> Apply.of(new Structure.ScatterAdd(1, 4), a.get(0), new Const(idx)),
                        List.of(uniform(r, Shape.matrix(3, 3), -2, 2)), new Sums(2), true),
                constant("oneHot", a -> Structure.oneHot(a.get(0), 4), Tensor.vector(2, 0, 3).to(DType.FLOAT32)),
                exact("where", a -> Structure.where(a.get(0).gt(a.get(1)), a.get(0), a.get(1)), uniform(r, m, -2, 2),
                        uniform(r, m, -2, 2)),
                constant("stopGradient", a -> a.get(0).stopGradient(), uniform(r, m, -2, 2)),
                exact("transpose", a -> a.get(0).transpose(2, 0, 1), uniform(r, Shape.of(2, 3, 4), -2, 2)),
                product("matmul", false, false, r), product("matmulNT", false, true, r),
                product("matmulTN", true, false, r), product("matmulTT", true, true, r),
                softmax("softmax", a -> a.get(0).softmax(1), uniform(r, m, -3, 3)),
                softmax("logSoftmax", a -> a.get(0).logSoftmax(1), uniform(r, m, -3, 3)),
                softmax("logSoftmaxVjp", a -> Apply.of(new Activation.LogSoftmaxVjp(1), a.get(0), a.get(1)),
                        uniform(r, m, -3, -0.5), uniform(r, m, -1, 1)),
                softmax("logSoftmaxVjpOfLogits", a -> Apply.of(new Activation.LogSoftmaxVjpOfLogits(1), a.get(0),
                        a.get(1)), uniform(r, m, -3, 3), uniform(r, m, -1, 1)),
                softmax("softmaxCrossEntropy", a -> Activation.softmaxCrossEntropy(a.get(0), a.get(1), 1),
                        uniform(r, m, -3, 3), uniform(r, m, 0, 1)),
                softmax("softmaxCrossEntropyOfSoftmax", a -> Apply.of(new Activation.SoftmaxCrossEntropyOfSoftmax(1),
                        a.get(0), a.get(0).softmax(1), a.get(1)), uniform(r, m, -3, 3), uniform(r, m, 0, 1)),
                softmax("logSoftmaxVjpOfSoftmax", a -> Apply.of(new Activation.LogSoftmaxVjpOfSoftmax(1),
                        a.get(0).softmax(1), a.get(1)), uniform(r, m, -3, 3), uniform(r, m, -1, 1)),
                new Float32Case("inv", a -> a.get(0).inv(), List.of(sq), new Factored(3), true),
                new Float32Case("det", a -> a.get(0).det(), List.of(sq), new Factored(3), true),
                new Float32Case("logDet", a -> a.get(0).logDet(), List.of(sq), new Factored(3), true),
                new Float32Case("solve", a -> a.get(0).solve(a.get(1)), List.of(sq, uniform(r, Shape.matrix(3, 2), -2, 2)),
                        new Factored(3), true),
                new Float32Case("trace", a -> a.get(0).trace(), List.of(sq), new Sums(3), true),
                exact("diagonal", a -> a.get(0).diagonal(), sq),
                exact("diagEmbed", a -> a.get(0).diagEmbed(), uniform(r, Shape.vector(3), -2, 2)),
                // images (2, 2, 5, 4), kernel (3, 2, 3, 2), stride 1, padding 1: outputs (2, 3, 5, 5)
                new Float32Case("conv2d", a -> a.get(0).conv2d(a.get(1), 1, 1), List.of(uniform(r, IMAGES, -2, 2),
                        uniform(r, KERNEL, -2, 2)), new Sums(12), true),
                new Float32Case("conv2dTranspose", a -> Convolution.conv2dTranspose(a.get(0), a.get(1), 1, 1, 5, 4),
                        List.of(uniform(r, CONVOLVED, -2, 2), uniform(r, KERNEL, -2, 2)), new Sums(18), true),
                new Float32Case("conv2dKernelGrad", a -> Apply.of(new Convolution.Conv2dKernelGrad(1, 1, 3, 2), a.get(0),
                        a.get(1)), List.of(uniform(r, IMAGES, -2, 2), uniform(r, CONVOLVED, -2, 2)), new Sums(50), true),
                exact("maxPool2d", a -> a.get(0).maxPool2d(2, 1), distinct(r, IMAGES)),
                exact("maxPool2dSelect", a -> Apply.of(new Pooling.MaxPool2dSelect(2, 2), new Const(POOLED_AT),
                        a.get(0)), uniform(r, IMAGES, -2, 2)),
                exact("maxPool2dScatter", a -> Apply.of(new Pooling.MaxPool2dScatter(2, 2), new Const(POOLED_AT),
                        a.get(0)), uniform(r, Shape.of(2, 2, 2, 2), -2, 2)),
                new Float32Case("avgPool2d", a -> a.get(0).avgPool2d(2, 1), List.of(uniform(r, IMAGES, -2, 2)),
                        new Sums(5), true),
                new Float32Case("avgPool2dTranspose", a -> Apply.of(new Pooling.AvgPool2dTranspose(2, 1, 5, 4), a.get(0)),
                        List.of(uniform(r, Shape.of(2, 2, 4, 3), -2, 2)), new Sums(5), true),
                // Rounded toward zero from the float64 value: within one float32 ulp, the bound of a two-term sum.
                new Float32Case("uniform", a -> io.fluxion.op.Randomness.uniform(a.get(0), m, 3L),
                        List.of(Tensor.of(Shape.matrix(2, 4), 1, 2, 3, 4, 65535, 0, 17, 40000).to(DType.FLOAT32)),
                        new Sums(2), false),
                // A loop that only moves elements (each step's output is the carry, the next carry the element).
                exact("scan", a -> Scan.scan((c, x) -> io.vavr.Tuple.of(x, c), a.get(0), a.get(1))._2,
                        uniform(r, Shape.vector(4), -2, 2), uniform(r, m, -2, 2))));
    }

    private static final Shape IMAGES = Shape.of(2, 2, 5, 4);
    private static final Shape KERNEL = Shape.of(3, 2, 3, 2);
    private static final Shape CONVOLVED = Shape.of(2, 3, 5, 5);
    /** Images whose 2 × 2 windows have no ties, where max pooling's derivatives select and scatter. */
    private static final Tensor POOLED_AT = Points.distinct(new Random(4), IMAGES).to(DType.FLOAT32);

    private static Float32Case exact(String name, DerivativeCheck.Fn f, Tensor... at) {
        return new Float32Case(name, f, List.of(at), new Exact(), true);
    }

    private static Float32Case constant(String name, DerivativeCheck.Fn f, Tensor... at) {
        return new Float32Case(name, f, List.of(at), new Exact(), false);
    }

    private static Float32Case softmax(String name, DerivativeCheck.Fn f, Tensor... at) {
        return new Float32Case(name, f, List.of(at), new Softmax(4), true);
    }

    /** op(a) · op(b) of 3×4 and 4×2 operands, stored transposed where the flags say. */
    private static Float32Case product(String name, boolean ta, boolean tb, Random r) {
        Tensor a = uniform(r, ta ? Shape.matrix(4, 3) : Shape.matrix(3, 4), -2, 2);
        Tensor b = uniform(r, tb ? Shape.matrix(2, 4) : Shape.matrix(4, 2), -2, 2);
        return new Float32Case(name, x -> Apply.of(new Linalg.MatMul(ta, tb), x.get(0), x.get(1)), List.of(a, b),
                new Sums(4), true);
    }

    private static Tensor unaryPoint(Random r, Catalogue.Unary e) {
        Shape s = Shape.matrix(2, 3);
        double limit = Math.min(e.inputLimit(), 3);
        return switch (e.domain()) {
            case POSITIVE -> uniform(r, s, 0.2, 3);
            case ABOVE_MINUS_ONE -> uniform(r, s, -0.8, 3);
            case REAL -> e.kinkAtZero() ? away(r, s) : uniform(r, s, -limit, limit);
        };
    }

    /** Uniform in [lo, hi), rounded to float32. */
    static Tensor uniform(Random r, Shape s, double lo, double hi) {
        return Points.uniform(r, s, lo, hi).to(DType.FLOAT32);
    }

    private static Tensor away(Random r, Shape s) {
        return Points.awayFromZero(r, s, 0.5, 2).to(DType.FLOAT32);
    }

    private static Tensor distinct(Random r, Shape s) {
        return Points.distinct(r, s).to(DType.FLOAT32);
    }

    /** Whole numbers 0, 1 or 2, so that some pairs are equal. */
    private static Tensor whole(Random r, Shape s) {
        return Points.uniform(r, s, 0, 3).map(Math::floor).to(DType.FLOAT32);
    }

    /** Uniform in [-1, 1) plus n on the diagonal: diagonally dominant, κ∞ below about 3. */
    private static Tensor wellConditioned(Random r, int n) {
        double[] d = Points.uniform(r, Shape.matrix(n, n), -1, 1).toArray();
        for (int i = 0; i < n; i++) {
            d[i * (n + 1)] += n;
        }
        return Tensor.of(Shape.matrix(n, n), d).to(DType.FLOAT32);
    }
}
