package io.fluxion.law;

import io.fluxion.expr.Const;
import io.fluxion.expr.Expr;
import io.fluxion.law.Grammar.Built;
import io.fluxion.law.Grammar.Production;
import io.fluxion.op.Catalogue;
import io.fluxion.op.Keys;
import io.fluxion.op.Randomness;
import io.fluxion.tensor.Shape;
import io.vavr.collection.List;
import java.util.function.BiPredicate;
import java.util.function.BinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.quicktheories.core.RandomnessSource;

/**
 * The productions of the expression grammar, gathered from their families and ordered from simple
 * to elaborate (shrinking prefers earlier ones). Each builds its arguments at shapes that give the
 * wanted output shape and computes a bound on the result's magnitude. Element-wise functions of
 * one argument come from {@link Catalogue#unary()} with no code of their own; every other
 * primitive has a production in its family ({@link ElementwiseProductions},
 * {@link ReductionProductions}, {@link StructureProductions}, {@link LinalgProductions},
 * {@link ActivationProductions}, {@link LoopProductions}, and {@link ConvProductions} when asked for) or is
 * reached through derivatives ({@link Coverage}).
 */
final class Productions {
    private Productions() {}

    /** How a production builds its node. */
    @FunctionalInterface
    interface Builder {
        Built build(Grammar g, RandomnessSource src, Shape s, int depth);
    }

    /** A production from a name, the catalogued primitives it builds, an applicability test and a builder. */
    record Rule(String name, List<String> primitives, BiPredicate<Grammar, Shape> test, Builder builder)
            implements Production {
        @Override
        public boolean applies(Grammar g, Shape s) {
            return test.test(g, s);
        }

        @Override
        public Built build(Grammar g, RandomnessSource src, Shape s, int depth) {
            return builder.build(g, src, s, depth);
        }
    }

    static final BiPredicate<Grammar, Shape> ANY = (g, s) -> true;
    static final BiPredicate<Grammar, Shape> NON_SCALAR = (g, s) -> !s.isScalar();

    /** A production that builds the primitive it is named after. */
    static Production rule(String name, BiPredicate<Grammar, Shape> test, Builder builder) {
        return new Rule(name, List.of(name), test, builder);
    }

    /** A production that builds the listed primitives. */
    static Production rule(String name, List<String> primitives, BiPredicate<Grammar, Shape> test, Builder builder) {
        return new Rule(name, primitives, test, builder);
    }

    /** Every differentiable operation, each guarded where it has a kink. */
    static List<Production> differentiable() {
        return ElementwiseProductions.arithmetic()
                .appendAll(ElementwiseProductions.catalogued(Catalogue.unary()))
                .appendAll(ElementwiseProductions.powers())
                .appendAll(ReductionProductions.differentiable())
                .appendAll(LinalgProductions.all())
                .appendAll(StructureProductions.differentiable())
                .appendAll(ActivationProductions.all())
                .append(ElementwiseProductions.where())
                .appendAll(LoopProductions.all());
    }

    /** Operations whose values are checked but whose derivatives finite differences cannot see. */
    static List<Production> valuesOnly() {
        return StructureProductions.valuesOnly().appendAll(ElementwiseProductions.comparisons())
                .appendAll(ReductionProductions.valuesOnly())
                .append(rule("uniform", ANY, (g, src, s, d) -> new Built(Randomness.uniform(
                        new Const(Keys.of(Draws.pick(src, 1000))), s, Draws.pick(src, 4)), 1)));
    }

    /** A user's shape-preserving operation with a bound on its result given its argument's. */
    static Production custom(String name, UnaryOperator<Expr> op, DoubleUnaryOperator bound) {
        return rule(name, ANY, (g, src, s, d) -> {
            Built a = g.gen(src, s, d);
            Expr e = op.apply(a.expr());
            if (!e.shape().equals(s)) {
                throw new IllegalArgumentException("custom operation " + name + " changed shape " + s + " to "
                        + e.shape() + "; it must keep the shape of its argument");
            }
            return new Built(e, bound.applyAsDouble(a.bound()), a.guards());
        });
    }

    /** A shape-preserving operation of one generated argument. */
    static Production unary(String name, UnaryOperator<Built> f) {
        return rule(name, ANY, (g, src, s, d) -> f.apply(g.gen(src, s, d)));
    }

    /** An operation of two generated arguments whose shapes broadcast to the output's. */
    static Production binary(String name, List<String> primitives, BinaryOperator<Built> f) {
        return rule(name, primitives, ANY, (g, src, s, d) -> {
            List<Shape> p = g.pair(src, s);
            return f.apply(g.gen(src, p.get(0), d), g.gen(src, p.get(1), d));
        });
    }

    /** One of the elements, drawn (shrinking towards the first). */
    static <T> T pick(RandomnessSource src, List<T> xs) {
        return xs.get(Draws.pick(src, xs.size()));
    }

    /** The axes 0..rank-1 of s. */
    static List<Integer> axesOf(Shape s) {
        return List.range(0, s.rank());
    }

    /** The axes as an array for the core's varargs methods. */
    static int[] array(List<Integer> axes) {
        return axes.toJavaStream().mapToInt(Integer::intValue).toArray();
    }
}
