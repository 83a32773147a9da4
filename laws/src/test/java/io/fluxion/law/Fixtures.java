package io.fluxion.law;

import io.fluxion.expr.Apply;
import io.fluxion.expr.Expr;
import io.fluxion.expr.Notation;
import io.fluxion.expr.Var;
import io.fluxion.op.Op;
import io.fluxion.tensor.Shape;
import io.fluxion.tensor.internal.Kernels;
import java.util.function.DoubleUnaryOperator;

/** The domain the project's own law tests use, and custom primitives with deliberately wrong rules. */
final class Fixtures {
    private Fixtures() {}

    static final Var X = Var.of("x", Shape.scalar());
    static final Var V = Var.of("v", Shape.vector(3));
    static final Var M = Var.of("m", Shape.matrix(2, 3));
    static final Var S = Var.of("s", Shape.matrix(2, 2));
    static final Var T = Var.of("t", Shape.of(2, 3, 2));

    /**
     * A scalar, a vector, a 2×3 and a 2×2 matrix and a batch of two 3×2 matrices: every rank up to
     * 3, broadcasting (of vectors and matrices over batches too), and products of every kind,
     * batched ones included.
     */
    static final Domain DOMAIN = Domain.of(X, -2, 2).and(V, -2, 2).and(M, -2, 2).and(S, -2, 2).and(T, -2, 2);

    /** The settings of the project's law tests: the run's seed, a given number of examples. */
    static Settings settings(int examples) {
        return Settings.defaults().withExamples(examples);
    }

    /** An element-wise primitive from its value and its two rules, each given separately. */
    static Op elementwise(String name, DoubleUnaryOperator f, Op.Rule jvp, Op.Rule vjp) {
        return Op.of(name, Notation.call(name), s -> s.head(), (in, out) -> Kernels.map(in[0], f, out), jvp, vjp);
    }

    /** twice(x) = 2x whose VJP drops the factor 2 (its JVP is right). */
    static final Op TWICE_BAD_VJP = elementwise("twice", v -> 2 * v,
            (node, arg, t) -> t.times(2),
            (node, arg, ct) -> ct);

    /** cube(x) = x³ whose JVP says 3x² and whose VJP says 2x²: each mode alone is self-consistent, together they disagree. */
    static final Op CUBE_DISAGREEING = elementwise("cube", v -> v * v * v,
            (node, arg, t) -> t.times(node.arg(0).square().times(3)),
            (node, arg, ct) -> ct.times(node.arg(0).square().times(2)));

    /**
     * cube(x) = x³ whose rules are right at first order but hide x from differentiation
     * (3·stopGradient(x)²), so every second derivative through it is wrong.
     */
    static final Op CUBE_FIRST_ORDER_ONLY = elementwise("cube", v -> v * v * v,
            (node, arg, t) -> t.times(node.arg(0).stopGradient().square().times(3)),
            (node, arg, ct) -> ct.times(node.arg(0).stopGradient().square().times(3)));

    static Expr apply(Op op, Expr x) {
        return Apply.of(op, x);
    }
}
