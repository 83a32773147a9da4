package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.tensor.Kernels;

/** exp, log, sqrt, sin, cos and tanh, each one declaration of value and derivative. */
public final class Transcendental {
    private Transcendental() {}

    /** e^x; its derivative is its own value. */
    public static final Op EXP = Elementwise.unary("exp", Math::exp, (x, y, s) -> s.times(y))
            .withKernel((in, out) -> Kernels.exp(in[0], out));
    /** The natural logarithm. */
    public static final Op LOG = Elementwise.unary("log", Math::log, (x, y, s) -> s.div(x));
    /** The square root. */
    public static final Op SQRT = Elementwise.unary("sqrt", Math::sqrt, (x, y, s) -> s.div(y.times(2)));
    /** The sine. */
    public static final Op SIN = Elementwise.unary("sin", Math::sin, (x, y, s) -> s.times(x.cos()));
    /** The cosine. */
    public static final Op COS = Elementwise.unary("cos", Math::cos, (x, y, s) -> s.times(x.sin()).negate());
    /** The hyperbolic tangent; its derivative is 1 - tanh². */
    public static final Op TANH = Elementwise.unary("tanh", Math::tanh,
            (x, y, s) -> s.times(Const.of(1).minus(y.square())));

    /** e^x. */
    public static Expr exp(Expr x) { return Apply.of(EXP, x); }
    /** ln x. */
    public static Expr log(Expr x) { return Apply.of(LOG, x); }
    /** √x. */
    public static Expr sqrt(Expr x) { return Apply.of(SQRT, x); }
    /** sin x. */
    public static Expr sin(Expr x) { return Apply.of(SIN, x); }
    /** cos x. */
    public static Expr cos(Expr x) { return Apply.of(COS, x); }
    /** tanh x. */
    public static Expr tanh(Expr x) { return Apply.of(TANH, x); }
}
