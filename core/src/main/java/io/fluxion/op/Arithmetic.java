package io.fluxion.op;

import static io.fluxion.op.Rewrites.applies;
import static io.fluxion.op.Rewrites.is;
import static io.fluxion.op.Rewrites.scalar;
import static io.fluxion.op.Rewrites.to;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.internal.ScalarForms;
import io.fluxion.op.internal.Shapes;
import io.fluxion.tensor.Tensor;
import io.fluxion.tensor.internal.Kernels;
import io.vavr.control.Option;

/**
 * Arithmetic: add, sub, mul, div, neg, pow, square, abs and the comparisons. Every binary operation
 * broadcasts as NumPy does. Sums keep constants last and products keep them first, so that
 * simplified derivatives read as a person would write them ({@code 2 * x - 2}).
 */
public final class Arithmetic {
    private Arithmetic() {}

    /** a + b. */
    public static final Op ADD = Op.of("add", new Notation.Infix("+", 1, true), Shapes.broadcast("add", 2),
                    (in, out) -> Kernels.add(in[0], in[1], out),
                    (node, arg, t) -> t,
                    (node, arg, ct) -> ct.sumTo(node.arg(arg).shape()))
            .withSimplifier(Arithmetic::simplifyAdd)
            .withBlockKernel(BlockKernels.ADD, FloatBlockKernels.ADD)
            .withFloat32();

    /** a - b. */
    public static final Op SUB = Op.of("sub", new Notation.Infix("-", 1, false), Shapes.broadcast("sub", 2),
                    (in, out) -> Kernels.sub(in[0], in[1], out),
                    (node, arg, t) -> arg == 0 ? t : t.negate(),
                    (node, arg, ct) -> (arg == 0 ? ct : ct.negate()).sumTo(node.arg(arg).shape()))
            .withSimplifier(Arithmetic::simplifySub)
            .withBlockKernel(BlockKernels.SUB, FloatBlockKernels.SUB)
            .withFloat32();

    /** a * b, element by element. */
    public static final Op MUL = Bilinear.of("mul", new Notation.Infix("*", 2, true), Shapes.broadcast("mul", 2),
                    (in, out) -> Kernels.mul(in[0], in[1], out),
                    (node, arg, ct) -> ct.times(node.arg(1 - arg)).sumTo(node.arg(arg).shape()))
            .withSimplifier(Arithmetic::simplifyMul)
            .withBlockKernel(BlockKernels.MUL, FloatBlockKernels.MUL)
            .withFloat32();

    /** a / b, element by element. */
    public static final Op DIV = Elementwise.binary("div", new Notation.Infix("/", 2, false), (x, y) -> x / y,
                    (a, b, y, s) -> s.div(b),
                    (a, b, y, s) -> s.times(y).div(b).negate())
            .withKernel((in, out) -> Kernels.div(in[0], in[1], out))
            .withBlockKernel(BlockKernels.DIV, FloatBlockKernels.DIV)
            .withFloat32()
            .withSimplifier(node -> is(node.arg(1), 1) ? to(node.arg(0), node) : Option.none());

    /** -a. */
    public static final Op NEG = Linear.of("neg", new Notation.Prefix("-", 3), Shapes.same("neg"),
                    (in, out) -> Kernels.neg(in[0], out),
                    (node, ct) -> ct.negate())
            .withSimplifier(node -> node.arg(0) instanceof Apply a && a.op() == Arithmetic.NEG
                    ? Option.of(a.arg(0)) : Option.none())
            .withBlockKernel(BlockKernels.NEG, FloatBlockKernels.NEG)
            .withFloat32();

    /** a ^ b; integer powers of negative bases are defined, the derivative in b needs a positive base. */
    public static final Op POW = Elementwise.binary("pow", new Notation.Infix("^", 4, false), Math::pow,
                    (a, b, y, s) -> powerRule(a, b, s),
                    (a, b, y, s) -> s.times(a.log().times(y)))
            .withSimplifier(Arithmetic::simplifyPow);

    /** a². */
    public static final Op SQUARE = Elementwise.unary("square", BlockKernels.SQUARE, FloatBlockKernels.SQUARE,
            (x, y, s) -> s.times(x.times(2)));

    /** |a|, with derivative sign(a) (0 at 0). */
    public static final Op ABS = Elementwise.unary("abs", BlockKernels.ABS, FloatBlockKernels.ABS,
            (x, y, s) -> s.times(x.gt(Const.of(0)).minus(x.lt(Const.of(0)))));

    /** 1 where a == b, else 0. */
    public static final Op EQ = Elementwise.comparison("eq", (x, y) -> x == y ? 1 : 0,
            BlockKernels.EQ, FloatBlockKernels.EQ);
    /** 1 where a &gt; b, else 0. */
    public static final Op GT = Elementwise.comparison("gt", (x, y) -> x > y ? 1 : 0,
            BlockKernels.GT, FloatBlockKernels.GT);
    /** 1 where a &lt; b, else 0. */
    public static final Op LT = Elementwise.comparison("lt", (x, y) -> x < y ? 1 : 0,
            BlockKernels.LT, FloatBlockKernels.LT);

    /** a + b. */
    public static Expr add(Expr a, Expr b) { return Apply.of(ADD, a, b); }
    /** a - b. */
    public static Expr sub(Expr a, Expr b) { return Apply.of(SUB, a, b); }
    /** a * b. */
    public static Expr mul(Expr a, Expr b) { return Apply.of(MUL, a, b); }
    /** a / b. */
    public static Expr div(Expr a, Expr b) { return Apply.of(DIV, a, b); }
    /** -a. */
    public static Expr neg(Expr a) { return Apply.of(NEG, a); }
    /** a ^ b. */
    public static Expr pow(Expr a, Expr b) { return Apply.of(POW, a, b); }
    /** a². */
    public static Expr square(Expr a) { return Apply.of(SQUARE, a); }
    /** |a|. */
    public static Expr abs(Expr a) { return Apply.of(ABS, a); }
    /** a == b as 1 or 0. */
    public static Expr eq(Expr a, Expr b) { return Apply.of(EQ, a, b); }
    /** a &gt; b as 1 or 0. */
    public static Expr gt(Expr a, Expr b) { return Apply.of(GT, a, b); }
    /** a &lt; b as 1 or 0. */
    public static Expr lt(Expr a, Expr b) { return Apply.of(LT, a, b); }

    private static Option<Expr> simplifyAdd(Apply node) {
        Expr a = node.arg(0);
        Expr b = node.arg(1);
        if (is(b, 0)) {
            return to(a, node);
        }
        if (is(a, 0)) {
            return to(b, node);
        }
        if (a instanceof Const && !(b instanceof Const)) {
            return Option.of(add(b, a));
        }
        if (a == b) {
            return Option.of(mul(Const.of(2), a));
        }
        // (p ± c) + b -> (p + b) ± c: constants drift to the end of a sum, where they fold
        if (!(b instanceof Const) && a instanceof Apply s && (s.op() == ADD || s.op() == SUB) && s.arg(1) instanceof Const
                && s.shape().equals(node.shape())) {
            return Option.of(Apply.of(s.op(), add(s.arg(0), b), s.arg(1)));
        }
        Option<Expr> scalarB = Rewrites.asScalar(b, a, node);
        if (scalarB.isDefined()) {
            return Option.of(add(a, scalarB.get()));
        }
        if (applies(b, NEG)) {
            return Option.of(sub(a, ((Apply) b).arg(0)));
        }
        Option<Double> c = scalar(b);
        if (c.isDefined() && c.get() < 0) {
            return Option.of(sub(a, negative(b)));
        }
        return Option.none();
    }

    private static Option<Expr> simplifySub(Apply node) {
        Expr a = node.arg(0);
        Expr b = node.arg(1);
        if (is(b, 0)) {
            return to(a, node);
        }
        if (is(a, 0)) {
            return to(neg(b), node);
        }
        Option<Expr> scalarA = Rewrites.asScalar(a, b, node);
        if (scalarA.isDefined()) {
            return Option.of(sub(scalarA.get(), b));
        }
        Option<Expr> scalarB = Rewrites.asScalar(b, a, node);
        if (scalarB.isDefined()) {
            return Option.of(sub(a, scalarB.get()));
        }
        if (applies(b, NEG)) {
            return Option.of(add(a, ((Apply) b).arg(0)));
        }
        Option<Double> c = scalar(b);
        if (c.isDefined() && c.get() < 0) {
            return Option.of(add(a, negative(b)));
        }
        return Option.none();
    }

    private static Option<Expr> simplifyMul(Apply node) {
        Expr a = node.arg(0);
        Expr b = node.arg(1);
        if (is(b, 1)) {
            return to(a, node);
        }
        if (is(a, 1)) {
            return to(b, node);
        }
        if (is(a, -1)) {
            return to(neg(b), node);
        }
        if (is(b, -1)) {
            return to(neg(a), node);
        }
        if (b instanceof Const && !(a instanceof Const)) {
            return Option.of(mul(b, a));
        }
        Option<Expr> scalarA = Rewrites.asScalar(a, b, node);
        if (scalarA.isDefined()) {
            return Option.of(mul(scalarA.get(), b));
        }
        // c1 * (c2 * x) -> (c1 * c2) * x, so that chains of constant factors fold
        if (a instanceof Const ca && b instanceof Apply ab && ab.op() == MUL && ab.arg(0) instanceof Const cb) {
            return Option.of(mul(new Const(MUL.apply(io.vavr.collection.List.of(ca.value(), cb.value()))), ab.arg(1)));
        }
        // (-x) * y -> -(x * y), so that signs gather in front
        if (applies(a, NEG)) {
            return Option.of(neg(mul(((Apply) a).arg(0), b)));
        }
        if (applies(b, NEG)) {
            return Option.of(neg(mul(a, ((Apply) b).arg(0))));
        }
        return Option.none();
    }

    /**
     * s · b · a^(b - 1). A constant exponent is decremented as a constant, and a zero one gives
     * zero, so that every derivative of a^k is finite at a = 0: otherwise the third derivative of
     * a² there is 0 · 0^-1 = NaN.
     */
    private static Expr powerRule(Expr a, Expr b, Expr s) {
        if (b instanceof Const c) {
            if (c.isAll(0)) {
                return s.times(b);
            }
            Const lower = new Const(SUB.apply(io.vavr.collection.List.of(c.value(), Tensor.ones(c.shape()))));
            return s.times(b.times(a.pow(lower)));
        }
        return s.times(b.times(a.pow(b.minus(1))));
    }

    private static Option<Expr> simplifyPow(Apply node) {
        Expr b = node.arg(1);
        if (is(b, 1)) {
            return to(node.arg(0), node);
        }
        if (is(b, 0)) {
            return Option.of(new Const(Tensor.ones(node.shape())));
        }
        if (is(b, 2)) {
            return to(square(node.arg(0)), node);
        }
        return Option.none();
    }

    private static Const negative(Expr c) {
        Tensor t = ((Const) c).value();
        return new Const(NEG.apply(io.vavr.collection.List.of(t)));
    }

    // What each computes for one element, for compile to write a fused loop as one method.
    static {
        ScalarForms.declare(ADD, ScalarCode.ADD);
        ScalarForms.declare(SUB, ScalarCode.SUB);
        ScalarForms.declare(MUL, ScalarCode.MUL);
        ScalarForms.declare(DIV, ScalarCode.DIV);
        ScalarForms.declare(NEG, ScalarCode.NEG);
        ScalarForms.declare(SQUARE, ScalarCode.SQUARE);
        ScalarForms.declare(ABS, ScalarCode.ABS);
        ScalarForms.declare(GT, ScalarCode.GT);
        ScalarForms.declare(LT, ScalarCode.LT);
    }
}
