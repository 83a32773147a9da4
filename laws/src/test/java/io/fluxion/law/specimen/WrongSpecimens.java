package io.fluxion.law.specimen;

import static io.fluxion.law.specimen.Custom.apply;
import static io.fluxion.law.specimen.Custom.filled;
import static io.fluxion.law.specimen.Custom.op;
import static io.fluxion.law.specimen.Custom.unary;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Var;
import io.fluxion.law.Domain;
import io.fluxion.op.Op;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.Tensor;
import io.vavr.collection.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Twenty custom primitives whose rules have a realistic bug, each in the box a user would
 * check it in, and the primitives shared with the right ones ({@link RightSpecimens}).
 */
final class WrongSpecimens {
    private WrongSpecimens() {}

    static final double LN2 = Math.log(2);
    static final double LN10 = Math.log(10);

    static Domain box(Shape shape, double low, double high) {
        return Domain.box(shape, low, high);
    }

    static Domain vector(int n, double low, double high) {
        return Domain.box(Shape.vector(n), low, high);
    }

    /** A primitive of one argument applied to the domain's variable. */
    static Specimen one(String id, String bug, boolean wrong, Domain d, Op op) {
        return new Specimen(id, bug, wrong, d, apply(op, d.variable()));
    }

    /** The Huber loss with δ = 1, element-wise, with its slope on the outer branch given x. */
    static Op huber(String name, Function<Expr, Expr> outerSlope) {
        Expr one = new Const(Tensor.scalar(1));
        return unary(name, x -> x.abs().lt(one).select(x.square().times(0.5), x.abs().minus(0.5)),
                n -> n.arg(0).abs().lt(one).select(n.arg(0), outerSlope.apply(n.arg(0))));
    }

    /** a + b with b broadcast over the rows of a; the VJP for b reduces the rows of g with {@code reduce}. */
    static Op addBias(String name, Function<Expr, Expr> reduce) {
        return op(name, a -> a.get(0).plus(a.get(1)),
                (n, a, arg, t) -> t,
                (n, a, arg, g) -> arg == 0 ? g : reduce.apply(g));
    }

    static Specimen addBiasSpecimen(String id, String bug, boolean wrong, Op op) {
        Domain d = Domain.of(Var.of("a", Shape.matrix(4, 3)), -2, 2).and(Var.of("b", Shape.vector(3)), -1, 1);
        return Specimen.of(id, bug, wrong, d, v -> apply(op, v.get(0), v.get(1)));
    }

    /** A v for a 3×3 A, with the VJP for v given A and g. */
    static Op matvec(String name, BiFunction<Expr, Expr, Expr> vjpV) {
        return op(name, a -> a.get(0).matmul(a.get(1)),
                (n, a, arg, t) -> arg == 0 ? t.matmul(a.get(1)) : a.get(0).matmul(t),
                (n, a, arg, g) -> arg == 0 ? g.reshape(3, 1).matmul(a.get(1).reshape(1, 3)) : vjpV.apply(a.get(0), g));
    }

    static Specimen matvecSpecimen(String id, String bug, boolean wrong, Op op) {
        Domain d = Domain.of(Var.of("A", Shape.matrix(3, 3)), -1, 1).and(Var.of("v", Shape.vector(3)), -1, 1);
        return Specimen.of(id, bug, wrong, d, v -> apply(op, v.get(0), v.get(1)));
    }

    /** a ⊙ b, with the rules for b given a, b and the seed. */
    static Op product(String name, BiFunction<List<Expr>, Expr, Expr> ruleB) {
        return op(name, x -> x.get(0).times(x.get(1)),
                (n, x, arg, t) -> arg == 0 ? t.times(x.get(1)) : ruleB.apply(x, t),
                (n, x, arg, g) -> arg == 0 ? g.times(x.get(1)) : ruleB.apply(x, g));
    }

    static Specimen productSpecimen(String id, String bug, boolean wrong, Op op) {
        Domain d = Domain.of(Var.of("a", Shape.vector(3)), -2, 2).and(Var.of("b", Shape.vector(3)), -2, 2);
        return Specimen.of(id, bug, wrong, d, v -> apply(op, v.get(0), v.get(1)));
    }

    /** Softmax along axis 1, with its VJP given y and g. */
    static Op softmax(String name, BiFunction<Expr, Expr, Expr> vjp) {
        return op(name, a -> a.head().softmax(1),
                (n, a, arg, t) -> n.times(t.minus(n.times(t).sum(true, 1))),
                (n, a, arg, g) -> vjp.apply(n, g));
    }

    /** X Xᵀ, with its VJP given X and G. */
    static Op gram(String name, BiFunction<Expr, Expr, Expr> vjp) {
        return op(name, a -> a.head().matmul(a.head().transpose()),
                (n, a, arg, t) -> t.matmul(a.head().transpose()).plus(a.head().matmul(t.transpose())),
                (n, a, arg, g) -> vjp.apply(a.head(), g));
    }

    /** logSumExp over axis 1 of a 3×4 matrix, with its VJP taking softmax over the axis given. */
    static Op logSumExp(String name, int vjpAxis) {
        return op(name, a -> a.head().logSumExp(1),
                (n, a, arg, t) -> a.head().softmax(1).times(t).sum(1),
                (n, a, arg, g) -> g.reshape(3, 1).times(a.head().softmax(vjpAxis)));
    }

    /** log|det A|, with its VJP given A and g. */
    static Op logDet(String name, BiFunction<Expr, Expr, Expr> vjp) {
        return op(name, a -> a.head().logDet(),
                (n, a, arg, t) -> a.head().inv().matmul(t).trace(),
                (n, a, arg, g) -> vjp.apply(a.head(), g));
    }

    /** logDet of 4I + X for X in [-1, 1]: a matrix kept far from singular (Gershgorin). */
    static Specimen logDetSpecimen(String id, String bug, boolean wrong, Op op) {
        Expr four = new Const(Tensor.of(new double[][] {{4, 0, 0}, {0, 4, 0}, {0, 0, 4}}));
        return Specimen.of(id, bug, wrong, box(Shape.matrix(3, 3), -1, 1), v -> apply(op, v.head().plus(four)));
    }

    /** atan2(y, x), its derivative in x with the sign given (−1 is right). */
    static Op atan2(String name, double signInX) {
        Op op = op(name, a -> a.get(0).plus(a.get(1)),
                (n, a, arg, t) -> t.times(atan2Partial(a, arg, signInX)),
                (n, a, arg, g) -> g.times(atan2Partial(a, arg, signInX)));
        return Custom.withKernel(op, (double y, double x) -> Math.atan2(y, x));
    }

    private static Expr atan2Partial(List<Expr> a, int arg, double signInX) {
        Expr y = a.get(0);
        Expr x = a.get(1);
        Expr r2 = x.square().plus(y.square());
        return arg == 0 ? x.div(r2) : y.times(signInX).div(r2);
    }

    static Specimen atan2Specimen(String id, String bug, boolean wrong, Op op) {
        Domain d = Domain.of(Var.of("y", Shape.vector(3)), -2, 2).and(Var.of("x", Shape.vector(3)), 0.5, 2);
        return Specimen.of(id, bug, wrong, d, v -> apply(op, v.get(0), v.get(1)));
    }

    /** x / sum(x, 1) of a matrix, with the VJP's sum over the axis given (1 is right). */
    static Op rowNormalise(String name, int vjpAxis) {
        return op(name, a -> a.head().div(a.head().sum(true, 1)),
                (n, a, arg, t) -> t.minus(n.times(t.sum(true, 1))).div(a.head().sum(true, 1)),
                (n, a, arg, g) -> g.minus(g.times(n).sum(true, vjpAxis)).div(a.head().sum(true, 1)));
    }

    /** tanh's helper sech²(x) = 1 − tanh²(x), whose own derivative has the sign given (−1 is right). */
    static Op sech2(double sign) {
        return unary("sech2", x -> x.tanh().square().negate().plus(1), n -> n.times(n.arg(0).tanh()).times(2 * sign));
    }

    static List<Specimen> all() {
        Op helper = sech2(+1);
        return List.of(
                one("sign-error", "sign error: cos' = +sin", true, vector(3, -2, 2),
                        unary("cosBad", Expr::cos, n -> n.arg(0).sin())),
                one("missing-factor", "missing factor: (x^2)' = x", true, vector(3, -2, 2),
                        unary("squareBad", Expr::square, n -> n.arg(0))),
                one("one-region", "wrong in one region: Huber's slope +1 for x < -1", true, vector(3, -2, 2),
                        huber("huberBad", x -> filled(x.shape(), 1))),
                addBiasSpecimen("broadcast", "wrong only under broadcasting: the bias's VJP a mean over rows", true,
                        addBias("addBiasBad", g -> g.mean(0))),
                matvecSpecimen("missing-transpose", "a missing transpose: the VJP of A v in v is A g", true,
                        matvec("matvecBad", (a, g) -> a.matmul(g))),
                one("jvp-only", "JVP only wrong: sigmoid's JVP t y (1 + y)", true, vector(3, -2, 2),
                        unary("sigmoidJvpBad", Expr::sigmoid, n -> n.times(n.plus(1)), n -> n.times(n.negate().plus(1)))),
                one("vjp-only", "VJP only wrong: tanh's VJP g (1 - y)", true, vector(3, -2, 2),
                        unary("tanhVjpBad", Expr::tanh, n -> n.square().negate().plus(1), n -> n.negate().plus(1))),
                one("relative-1e-3", "relative error 9.4e-4: log2's ln 2 written 0.6938", true, vector(3, 0.5, 4),
                        unary("log2Bad", x -> x.log().div(LN2), n -> n.arg(0).times(0.6938).pow(-1))),
                one("relative-1e-6", "relative error 9.1e-7: log10's ln 10 written 2.302583", true, vector(3, 0.5, 4),
                        unary("log10Bad", x -> x.log().div(LN10), n -> n.arg(0).times(2.302583).pow(-1))),
                one("stop-gradient", "stopGradient in the rule, (x^3)' = 3 sg(x)^2: only 2nd derivatives wrong", true,
                        vector(3, -2, 2), unary("cubeSg", x -> x.times(x).times(x),
                                n -> n.arg(0).stopGradient().square().times(3))),
                productSpecimen("product-copy-paste", "a copy-paste in the product rule: d(a b)/db = b", true,
                        product("mulCopyPaste", (x, s) -> s.times(x.get(1)))),
                Specimen.of("softmax-mean", "softmax VJP y (g - mean g): right only for uniform cotangents", true,
                        box(Shape.matrix(2, 4), -2, 2), v -> apply(softmax("softmaxBad",
                                (y, g) -> y.times(g.minus(g.sum(true, 1).div(4)))), v.head())),
                Specimen.of("gram-2gx", "X X^T with VJP 2 G X: right only for symmetric cotangents", true,
                        box(Shape.matrix(3, 4), -1, 1), v -> apply(gram("gramBad", (x, g) -> g.matmul(x).times(2)),
                                v.head())),
                Specimen.of("wrong-axis", "logSumExp over axis 1 whose VJP takes softmax over axis 0", true,
                        box(Shape.matrix(3, 4), -2, 2), v -> apply(logSumExp("logSumExpBad", 0), v.head())),
                one("output-for-input", "the output where the input belongs: softplus' = sigmoid(y)", true,
                        vector(3, -3, 3), unary("softplusOut", Expr::softplus, n -> n.sigmoid())),
                one("jvp-rule-derivative", "the JVP rule's own derivative wrong (a helper sech2 with a sign error)",
                        true, vector(3, -2, 2), unary("tanhJvpHelper", Expr::tanh, n -> apply(helper, n.arg(0)),
                                n -> n.square().negate().plus(1))),
                one("vjp-rule-derivative", "the VJP rule's own derivative wrong (a helper sech2 with a sign error)",
                        true, vector(3, -2, 2), unary("tanhVjpHelper", Expr::tanh, n -> n.square().negate().plus(1),
                                n -> apply(helper, n.arg(0)))),
                logDetSpecimen("logdet-transpose", "a missing transpose: logDet's VJP g A^-1, not g A^-T", true,
                        logDet("logDetBad", (a, g) -> g.times(a.inv()))),
                one("nan-region", "NaN in one region: sigmoid as e^x / (1 + e^x) overflows above x = 709.8", true,
                        vector(3, -800, 800), unary("softplusOverflow", Expr::softplus,
                                n -> n.arg(0).exp().div(n.arg(0).exp().plus(1)))),
                atan2Specimen("second-argument", "wrong in the second argument only: atan2's d/dx = +y / r^2", true,
                        atan2("atan2Bad", 1)));
    }
}
