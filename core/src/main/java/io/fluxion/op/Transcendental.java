package io.fluxion.op;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.expr.internal.ScalarForms;
import io.vavr.control.Option;

/** exp, log, log1p, expm1, sqrt, sin, cos and tanh, each one declaration of value and derivative. */
public final class Transcendental {
    private Transcendental() {}

    /** e^x; its derivative is its own value. */
    public static final Op EXP = Elementwise.unary("exp", BlockKernels.EXP, FloatBlockKernels.EXP,
            (x, y, s) -> s.times(y));
    /**
     * The natural logarithm. {@code log(softmax(z))} becomes {@code logSoftmax(z)}, when built and
     * when simplified: the same value, but finite where a softmax underflows to 0 (the tutorial's
     * cross-entropy at large logits), with finite gradients.
     */
    public static final Op LOG = Elementwise.unary("log", BlockKernels.LOG, FloatBlockKernels.LOG, (x, y, s) -> s.div(x))
            .withSimplifier(node -> stableLog(node.arg(0)));
    /** log(1 + x), accurate for small x. */
    public static final Op LOG1P = Elementwise.unary("log1p", Math::log1p, (x, y, s) -> s.div(x.plus(1)));
    /** e^x - 1, accurate for small x. */
    public static final Op EXPM1 = Elementwise.unary("expm1", BlockKernels.EXPM1, FloatBlockKernels.EXPM1, (x, y, s) -> s.times(y.plus(1)));
    /** The square root. */
    public static final Op SQRT = Elementwise.unary("sqrt", BlockKernels.SQRT, FloatBlockKernels.SQRT, (x, y, s) -> s.div(y.times(2)));
    /** The sine. */
    public static final Op SIN = Elementwise.unary("sin", BlockKernels.SIN, FloatBlockKernels.SIN, (x, y, s) -> s.times(x.cos()));
    /** The cosine. */
    public static final Op COS = Elementwise.unary("cos", BlockKernels.COS, FloatBlockKernels.COS, (x, y, s) -> s.times(x.sin()).negate());
    /** The hyperbolic tangent; its derivative is 1 - tanh². */
    public static final Op TANH = Elementwise.unary("tanh", BlockKernels.TANH, FloatBlockKernels.TANH,
            (x, y, s) -> s.times(Const.of(1).minus(y.square())));

    /** e^x. */
    public static Expr exp(Expr x) { return Apply.of(EXP, x); }
    /** ln x; ln(softmax(z)) is built as logSoftmax(z). */
    public static Expr log(Expr x) { return stableLog(x).getOrElse(() -> Apply.of(LOG, x)); }
    /** ln(1 + x). */
    public static Expr log1p(Expr x) { return Apply.of(LOG1P, x); }
    /** e^x - 1. */
    public static Expr expm1(Expr x) { return Apply.of(EXPM1, x); }
    /** √x. */
    public static Expr sqrt(Expr x) { return Apply.of(SQRT, x); }
    /** sin x. */
    public static Expr sin(Expr x) { return Apply.of(SIN, x); }
    /** cos x. */
    public static Expr cos(Expr x) { return Apply.of(COS, x); }
    /** tanh x. */
    public static Expr tanh(Expr x) { return Apply.of(TANH, x); }

    private static Option<Expr> stableLog(Expr x) {
        return x instanceof Apply a && a.op() instanceof Activation.Softmax s
                ? Option.of(Apply.of(new Activation.LogSoftmax(s.axis()), a.arg(0))) : Option.none();
    }

    // What each computes for one element, for compile to write a fused loop as one method.
    static {
        ScalarForms.declare(EXP, ScalarCode.math("exp"));
        ScalarForms.declare(LOG, ScalarCode.math("log"));
        ScalarForms.declare(EXPM1, ScalarCode.math("expm1"));
        ScalarForms.declare(SQRT, ScalarCode.math("sqrt"));
        ScalarForms.declare(SIN, ScalarCode.math("sin"));
        ScalarForms.declare(COS, ScalarCode.math("cos"));
        ScalarForms.declare(TANH, ScalarCode.math("tanh"));
    }
}
