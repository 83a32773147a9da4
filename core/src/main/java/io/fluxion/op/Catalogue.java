package io.fluxion.op;

import io.fluxion.expr.Expr;
import io.vavr.collection.List;
import java.util.function.UnaryOperator;

/**
 * Every built-in primitive, by the name it prints with, in one list. The laws' expression
 * generator and the coverage tests read it: an element-wise function of one argument declared here
 * with its domain is generated without further work, and any other primitive needs a production of
 * its own in the generator, or a coverage test fails naming it.
 *
 * <p>Adding a primitive is one declaration in its family, one fluent method on {@code Expr}, and one
 * entry here. The entries are names, with what the laws need that a declaration does not say
 * (domains, input limits, kinks); a test finds every declared primitive of this package, records
 * under each combination of their flags included, and fails naming the entry to add if one is
 * missing, or the entry to remove if no primitive has its name.
 */
public final class Catalogue {
    private Catalogue() {}

    /** A catalogued primitive. */
    public sealed interface Entry {
        /** The primitive's name, as {@code Primitive.name()} gives it. */
        String name();

        /** Whether derivatives flow through it (false for indices, comparisons and stop-gradient). */
        boolean differentiable();
    }

    /** Where an element-wise function is defined and smooth. */
    public enum Domain {
        /** Every real number. */
        REAL,
        /** Positive numbers (log, sqrt). */
        POSITIVE,
        /** Numbers above -1 (log1p). */
        ABOVE_MINUS_ONE
    }

    /**
     * An element-wise function of one argument, which the laws generate on their own.
     *
     * @param name the primitive's name
     * @param apply builds the application
     * @param domain where it is defined
     * @param inputLimit the largest magnitude of argument to feed it (exp-like functions grow fast)
     * @param kinkAtZero whether its derivative jumps at 0 (abs, relu), so samples keep away from 0
     */
    public record Unary(String name, UnaryOperator<Expr> apply, Domain domain, double inputLimit, boolean kinkAtZero)
            implements Entry {
        @Override
        public boolean differentiable() {
            return true;
        }
    }

    /**
     * A primitive built by a production of its own in the laws' generator (arithmetic that needs a
     * guarded domain, reductions, structure, products, linear algebra), or reached only through
     * derivatives and fusions of others (VJP primitives).
     *
     * @param name the primitive's name
     * @param differentiable whether derivatives flow through it
     */
    public record Special(String name, boolean differentiable) implements Entry {}

    private static final double ANY = Double.POSITIVE_INFINITY;

    private static final List<Entry> ALL = List.of(
            unary("neg", Expr::negate, Domain.REAL, ANY, false),
            unary("square", Expr::square, Domain.REAL, ANY, false),
            unary("abs", Expr::abs, Domain.REAL, ANY, true),
            unary("exp", Expr::exp, Domain.REAL, 2, false),
            unary("expm1", Expr::expm1, Domain.REAL, 2, false),
            unary("log", Expr::log, Domain.POSITIVE, ANY, false),
            unary("log1p", Expr::log1p, Domain.ABOVE_MINUS_ONE, ANY, false),
            unary("sqrt", Expr::sqrt, Domain.POSITIVE, ANY, false),
            unary("sin", Expr::sin, Domain.REAL, ANY, false),
            unary("cos", Expr::cos, Domain.REAL, ANY, false),
            unary("tanh", Expr::tanh, Domain.REAL, ANY, false),
            unary("sigmoid", Expr::sigmoid, Domain.REAL, ANY, false),
            unary("relu", Expr::relu, Domain.REAL, ANY, true),
            unary("softplus", Expr::softplus, Domain.REAL, ANY, false),
            special("add"), special("sub"), special("mul"), special("div"), special("pow"),
            constant("eq"), constant("gt"), constant("lt"),
            special("sum"), special("mean"), special("max"), special("min"), special("logSumExp"),
            constant("argmax"), special("sumTo"), special("broadcastTo"),
            special("reshape"), special("slice"), special("pad"), special("concat"), special("take"),
            special("scatterAdd"), constant("oneHot"), special("where"), constant("stopGradient"),
            special("transpose"), special("matmul"), special("matmulNT"), special("matmulTN"), special("matmulTT"),
            special("softmax"), special("logSoftmax"), special("logSoftmaxVjp"), special("logSoftmaxVjpOfLogits"),
            special("logSoftmaxVjpOfSoftmax"), special("softmaxCrossEntropy"), special("softmaxCrossEntropyOfSoftmax"),
            special("inv"), special("det"), special("logDet"), special("trace"), special("diagonal"),
            special("diagEmbed"), special("solve"),
            special("conv2d"), special("conv2dTranspose"), special("conv2dKernelGrad"),
            special("maxPool2d"), special("maxPool2dSelect"), special("maxPool2dScatter"),
            special("avgPool2d"), special("avgPool2dTranspose"),
            special("scan"),
            constant("uniform"));

    /** Every built-in primitive. */
    public static List<Entry> all() {
        return ALL;
    }

    /** The element-wise functions of one argument, which the laws generate from this list alone. */
    public static List<Unary> unary() {
        return ALL.filter(e -> e instanceof Unary).map(e -> (Unary) e);
    }

    private static Entry unary(String name, UnaryOperator<Expr> f, Domain d, double limit, boolean kink) {
        return new Unary(name, f, d, limit, kink);
    }

    private static Entry special(String name) {
        return new Special(name, true);
    }

    private static Entry constant(String name) {
        return new Special(name, false);
    }
}
